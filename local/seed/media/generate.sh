#!/usr/bin/env bash
# Regenerates the demo chapter clips (H.264 + AAC, +faststart, 320x180) with Debian's ffmpeg.
# The clips are committed; run this only to change them. Blob names follow the files:
# videos/<trainingId>/<chapterId>.<lang>.mp4.
set -euo pipefail
cd "$(dirname "$0")"
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
text_dir=$(mktemp -d)
trap 'rm -rf "$text_dir"' EXIT

# trainingId chapterId lang seconds colour frequency title
clip() {
  local training=$1 chapter=$2 lang=$3 seconds=$4 colour=$5 freq=$6 title=$7
  mkdir -p "$training"
  printf '%s' "$title" >"$text_dir/title.txt"
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "color=c=${colour}:size=320x180:rate=25:duration=${seconds}" \
    -f lavfi -i "sine=frequency=${freq}:duration=${seconds}" \
    -vf "drawtext=fontfile=${font}:textfile=${text_dir}/title.txt:fontcolor=white:fontsize=16:x=(w-text_w)/2:y=(h-text_h)/2-12,drawtext=fontfile=${font}:text='SOINS+ ${lang^^}  %{pts\\:hms}':fontcolor=white@0.8:fontsize=11:x=(w-text_w)/2:y=h-28,drawbox=x='mod(t*60\\,300)':y=172:w=20:h=4:color=white@0.9:t=fill" \
    -c:v libx264 -preset veryslow -crf 30 -pix_fmt yuv420p -profile:v main \
    -c:a aac -b:a 32k -ac 1 -ar 22050 \
    -movflags +faststart -shortest "${training}/${chapter}.${lang}.mp4"
}

clip hand-hygiene why-hand-hygiene fr 6 0x1d4e89 440 "Pourquoi l'hygiène des mains ?"
clip hand-hygiene why-hand-hygiene nl 6 0x1d4e89 440 "Waarom handhygiëne?"
clip hand-hygiene five-moments fr 7 0x2a6f4e 494 "Les 5 moments de l'OMS"
clip hand-hygiene five-moments nl 7 0x2a6f4e 494 "De 5 momenten van de WHO"
clip hand-hygiene hand-rub-technique fr 5 0x6b3a87 523 "La friction hydro-alcoolique"
clip hand-hygiene hand-rub-technique nl 5 0x6b3a87 523 "Handen ontsmetten met alcohol"
clip chronic-wound-care wound-assessment fr 8 0x8a3b2e 392 "Évaluer une plaie chronique"
clip chronic-wound-care wound-assessment nl 8 0x8a3b2e 392 "Een chronische wonde beoordelen"
clip chronic-wound-care dressing-choice fr 6 0x7a5c12 349 "Choisir le pansement"
clip chronic-wound-care dressing-choice nl 6 0x7a5c12 349 "Het juiste verband kiezen"
clip chronic-wound-care pressure-ulcer-prevention fr 4 0x24566e 330 "Prévenir les escarres"
clip chronic-wound-care pressure-ulcer-prevention nl 4 0x24566e 330 "Doorligwonden voorkomen"
