#!/bin/sh
# azd hooks (azure.yaml), run from the repository root whatever the hook's working directory:
#   install       npm ci when the workspace dependencies are missing (a fresh clone): azd's own restore runs
#                 `npm install` inside the service folder, which skips the root's build tools (vite, esbuild, tsx)
#   build-api     bundles the Function App package into api/dist
#   preprovision  checks the azd environment before anything is created (infra/hooks/preprovision.ts)
#   postprovision seeds missing Key Vault secrets, prints the SPA settings (infra/hooks/postprovision.ts)
set -eu
cd "$(dirname "$0")/../.."
if [ ! -x node_modules/.bin/tsx ] || [ ! -x node_modules/.bin/vite ] || [ ! -x node_modules/.bin/esbuild ]; then
  npm ci --no-audit --no-fund
fi
case "${1:-}" in
  install) ;;
  build-api) npm run build:api --silent ;;
  preprovision | postprovision) node --import tsx "infra/hooks/$1.ts" ;;
  *)
    echo "usage: azd-hook.sh install|build-api|preprovision|postprovision" >&2
    exit 2
    ;;
esac
