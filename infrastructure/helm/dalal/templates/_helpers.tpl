{{/* Names and labels shared by every template. */}}
{{- define "dalal.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "dalal.labels" -}}
app.kubernetes.io/part-of: dalal
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "dalal.image" -}}
{{ printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end -}}

{{- define "dalal.redisUrl" -}}
{{- if .Values.redis.bundled -}}
{{ printf "redis://%s-redis:6379" (include "dalal.fullname" .) }}
{{- else -}}
{{ required "redis.url is required when redis.bundled is false" .Values.redis.url }}
{{- end -}}
{{- end -}}

{{- define "dalal.postgresHost" -}}
{{- if .Values.postgres.bundled -}}
{{ printf "%s-postgres" (include "dalal.fullname" .) }}
{{- else -}}
{{ required "postgres.host is required when postgres.bundled is false" .Values.postgres.host }}
{{- end -}}
{{- end -}}

{{/* Secret keys as env (optional ones may be absent), then DATABASE_URL built from the password. */}}
{{- define "dalal.secretEnv" -}}
{{- range .Values.secrets.keys }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.secrets.existingSecret }}
      key: {{ . }}
      optional: {{ ne . "POSTGRES_PASSWORD" }}
{{- end }}
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(POSTGRES_PASSWORD)@%s:%v/%s" .Values.postgres.user (include "dalal.postgresHost" .) .Values.postgres.port .Values.postgres.database | quote }}
{{- end -}}
