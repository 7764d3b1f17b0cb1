#!/usr/bin/env bash
# Renders the app icon's PNG from the SVG (ImageMagick: apt-get install imagemagick).
# The PNG is committed; run this again after changing yibao.svg.
set -euo pipefail
cd "$(dirname "$0")"
convert -background none -density 96 yibao.svg -resize 256x256 -strip yibao-256.png
