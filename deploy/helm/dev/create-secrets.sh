#!/bin/sh
# Creates (or updates) the Secrets a development install reads, with generated values:
#   bodega-dev-backends          POSTGRES_PASSWORD, RABBITMQ_PASSWORD (deploy/helm/dev/backends.yaml)
#   bodega-secrets               <SERVICE>_SERVICE_PRIVATE_KEY, SERVICE_PUBLIC_KEYS, REDIS_URL, AMQP_URL,
#                                <SERVICE>_DATABASE_URL, ADMIN_EMAIL, ADMIN_PASSWORD (secrets.existingSecret)
#   bodega-identity-signing-key  private-key.pem: identity's Ed25519 key (secrets.signingKey)
# Usage: deploy/helm/dev/create-secrets.sh [namespace]   (needs kubectl and openssl)
# Run again, it changes nothing: existing Secrets are kept (PostgreSQL keeps the password it started
# with). Delete them to start over.
set -eu
namespace=${1:-bodega}
if kubectl -n "$namespace" get secret bodega-secrets >/dev/null 2>&1; then
  echo "Secrets already exist in namespace $namespace: kept."
  exit 0
fi
random() { openssl rand -hex 24; }
apply() { kubectl -n "$namespace" create secret generic "$@" --dry-run=client -o yaml | kubectl apply -f -; }

postgres_password=$(random)
rabbitmq_password=$(random)
admin_password=$(random)
database() { echo "postgres://bodega:${postgres_password}@postgres:5432/bodega_$1"; }
# An Ed25519 key per service (docs/adr/0016), as the services read them: base64url of the raw 32 bytes,
# the last 32 bytes of the DER forms. The private ones go to the Secret, the public ones to SERVICE_PUBLIC_KEYS.
base64url() { base64 | tr -d '\n=' | tr '+/' '-_'; }
service_keys=""
public_keys=""
for service in gateway identity catalog search orders payments analytics cli; do
  pem=$(openssl genpkey -algorithm ed25519)
  private=$(echo "$pem" | openssl pkey -outform DER | tail -c 32 | base64url)
  public=$(echo "$pem" | openssl pkey -pubout -outform DER | tail -c 32 | base64url)
  upper=$(echo "$service" | tr '[:lower:]' '[:upper:]')
  service_keys="$service_keys --from-literal=${upper}_SERVICE_PRIVATE_KEY=$private"
  public_keys="${public_keys:+$public_keys,}$service:$public"
done

kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f -
apply bodega-dev-backends \
  --from-literal=POSTGRES_PASSWORD="$postgres_password" \
  --from-literal=RABBITMQ_PASSWORD="$rabbitmq_password"
# shellcheck disable=SC2086 # one --from-literal per key, none with spaces
apply bodega-secrets $service_keys \
  --from-literal=SERVICE_PUBLIC_KEYS="$public_keys" \
  --from-literal=REDIS_URL=redis://redis:6379 \
  --from-literal=AMQP_URL="amqp://bodega:${rabbitmq_password}@rabbitmq:5672" \
  --from-literal=IDENTITY_DATABASE_URL="$(database identity)" \
  --from-literal=CATALOG_DATABASE_URL="$(database catalog)" \
  --from-literal=SEARCH_DATABASE_URL="$(database search)" \
  --from-literal=ORDERS_DATABASE_URL="$(database orders)" \
  --from-literal=PAYMENTS_DATABASE_URL="$(database payments)" \
  --from-literal=ANALYTICS_DATABASE_URL="$(database analytics)" \
  --from-literal=ADMIN_EMAIL=admin@bodega.local \
  --from-literal=ADMIN_PASSWORD="$admin_password"
key=$(mktemp)
trap 'rm -f "$key"' EXIT
openssl genpkey -algorithm ed25519 -out "$key"
apply bodega-identity-signing-key --from-file=private-key.pem="$key"
echo "Secrets ready in namespace $namespace. Admin: admin@bodega.local / $admin_password"
