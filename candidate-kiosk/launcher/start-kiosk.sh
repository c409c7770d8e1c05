#!/usr/bin/env bash
# Starts a locked-down kiosk: Chromium in kiosk mode on the exam server's kiosk page, with a
# managed policy that turns developer tools, printing, downloads and other escapes off, and the
# venue certificate pinned (only that certificate's key is trusted for the server).
#
#   start-kiosk.sh https://192.168.1.10:8443 [SPKI-PIN]
#
# SPKI-PIN is the base64 SHA-256 of the venue certificate's public key; without it the script
# fetches the certificate once and prints its fingerprint for the invigilator to compare with
# the one the server printed at start. Run as root once to install the policy.
set -euo pipefail
server="${1:?usage: start-kiosk.sh https://SERVER:8443 [SPKI-PIN]}"
pin="${2:-}"
hostport="${server#https://}"
hostport="${hostport%%/*}"
policy_dir=/etc/chromium/policies/managed
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$policy_dir"
  cat > "$policy_dir/exam-kiosk.json" <<POLICY
{
  "DeveloperToolsAvailability": 2,
  "PrintingEnabled": false,
  "DownloadRestrictions": 3,
  "IncognitoModeAvailability": 1,
  "BrowserAddPersonEnabled": false,
  "PasswordManagerEnabled": false,
  "TranslateEnabled": false,
  "URLAllowlist": ["${server}"],
  "URLBlocklist": ["*"],
  "EditBookmarksEnabled": false,
  "TaskManagerEndProcessEnabled": false,
  "AllowFileSelectionDialogs": false
}
POLICY
fi
if [ -z "$pin" ]; then
  cert=$(echo | openssl s_client -connect "$hostport" -servername localhost 2>/dev/null | openssl x509)
  echo "Venue certificate SHA-256: $(echo "$cert" | openssl x509 -noout -fingerprint -sha256 | cut -d= -f2)"
  echo "Compare it with the fingerprint the server printed. If it matches, type yes:"
  read -r ok
  [ "$ok" = yes ] || { echo "not started"; exit 1; }
  pin=$(echo "$cert" | openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)
fi
profile=$(mktemp -d)
exec chromium --kiosk --no-first-run --disable-sync --disable-background-networking \
  --disable-features=Translate,MediaRouter --noerrdialogs --disable-pinch --overscroll-history-navigation=0 \
  --user-data-dir="$profile" --ignore-certificate-errors-spki-list="$pin" "${server}/kiosk/"
