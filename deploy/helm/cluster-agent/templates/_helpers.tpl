{{/* Object names: fullnameOverride, else wimigrate-cluster-agent (as in deploy/cluster-agent/) */}}
{{- define "cluster-agent.fullname" -}}
{{- .Values.fullnameOverride | default "wimigrate-cluster-agent" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "cluster-agent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cluster-agent.fullname" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "cluster-agent.labels" -}}
{{ include "cluster-agent.selectorLabels" . }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: wimigrate
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "cluster-agent.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion -}}
{{- if .Values.image.registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .Values.image.registry) .Values.image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* The cluster id, required */}}
{{- define "cluster-agent.clusterId" -}}
{{- required "clusterId is required: this cluster's id in the fleet (e.g. the AKS cluster name), unique and stable; set it with --set clusterId=<name>" .Values.clusterId -}}
{{- end -}}
