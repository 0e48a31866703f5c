# azd hooks on Windows (azure.yaml): the same steps as azd-hook.sh, from the repository root.
param([Parameter(Mandatory = $true)][ValidateSet('install', 'build-api', 'preprovision', 'postprovision')][string]$Step)
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '../..')
if (-not (Test-Path node_modules/.bin/tsx) -or -not (Test-Path node_modules/.bin/vite) -or -not (Test-Path node_modules/.bin/esbuild)) {
  npm ci --no-audit --no-fund
  if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}
switch ($Step) {
  'install' { }
  'build-api' { npm run build:api --silent }
  default { node --import tsx "infra/hooks/$Step.ts" }
}
exit $LASTEXITCODE
