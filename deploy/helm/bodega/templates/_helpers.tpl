{{/*
Named templates shared by every manifest. The chart is rendered in CI by deploy/tools/helm, which
implements only the Go template subset listed in docs/adr/0007-chart-rendering-and-validation.md:
keep to it (it refuses anything else).
*/}}

{{/* The release's base name, at most 63 characters (a DNS label). */}}
{{- define "bodega.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* One service's object name: (dict "root" $ "name" "catalog") -> bodega-catalog. */}}
{{- define "bodega.serviceName" -}}
{{- printf "%s-%s" (include "bodega.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select one service's pods (never change them: selectors are immutable). */}}
{{- define "bodega.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* Every label of an object: the selector labels plus version and ownership. */}}
{{- define "bodega.labels" -}}
{{ include "bodega.selectorLabels" . }}
app.kubernetes.io/part-of: bodega
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 }}
{{- end -}}

{{/* Labels of objects that belong to the release rather than to one service. */}}
{{- define "bodega.releaseLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: bodega
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 }}
{{- end -}}

{{- define "bodega.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* The Secret holding credentials: created outside the chart (kubectl, External Secrets, Sealed Secrets). */}}
{{- define "bodega.secretName" -}}
{{- required "secrets.existingSecret: name the Secret with <SERVICE>_SERVICE_PRIVATE_KEY, REDIS_URL, AMQP_URL and <SERVICE>_DATABASE_URL (docs/deploy/kubernetes.md)" .Values.secrets.existingSecret -}}
{{- end -}}

{{/* Container security: non-root, read-only root file system, no privilege escalation, no capabilities. */}}
{{- define "bodega.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "bodega.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.runAsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}
