{{/*
Name prefix of every object: fullnameOverride, else the release name when it contains "wimigrate",
else "<release>-wimigrate".
*/}}
{{- define "wimigrate.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else if contains "wimigrate" .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-wimigrate" .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels of every object except the selector labels */}}
{{- define "wimigrate.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: wimigrate
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one service; dict: root, name */}}
{{- define "wimigrate.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* <registry>/<repository>:<tag>; dict: root, image (the service's image block) */}}
{{- define "wimigrate.image" -}}
{{- $registry := .root.Values.image.registry -}}
{{- $tag := .image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" $registry) .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* The Azure client id a service signs in with; dict: root, values */}}
{{- define "wimigrate.azureClientId" -}}
{{- .values.azureClientId | default .root.Values.azure.clientId -}}
{{- end -}}

{{/* application.properties of a service's ConfigMap; dict: root, name, values */}}
{{- define "wimigrate.applicationProperties" -}}
# Extra Quarkus configuration of {{ .name }}, from the chart's values (loaded through
# QUARKUS_CONFIG_LOCATIONS). Environment variables set on the container take precedence.
{{- range $key, $value := .values.config }}
{{ $key }}={{ $value }}
{{- end }}
{{- if and (eq .name "federation-service") .values.probeKubeconfigs.secretName }}
{{- if not .values.probeKubeconfigs.clusters }}
{{- fail "federation.probeKubeconfigs.clusters must list the cluster ids (the Secret's keys) when federation.probeKubeconfigs.secretName is set" }}
{{- end }}
# kubeconfigs for propagation probes, one per cluster id (Secret {{ .values.probeKubeconfigs.secretName }})
{{- range .values.probeKubeconfigs.clusters }}
wimigrate.federation.probe-kubeconfigs."{{ . }}"=/etc/wimigrate/probe-kubeconfigs/{{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
One central service: ServiceAccount, ConfigMap, Deployment, Service.
dict: root, name (e.g. inventory-service), key (its values block's name), values (that block),
singleton (bool), azure (bool: signs in to Azure)
*/}}
{{- define "wimigrate.service" -}}
{{- $root := .root -}}
{{- $v := .values -}}
{{- $fullname := printf "%s-%s" (include "wimigrate.fullname" $root) .name -}}
{{- $azure := $root.Values.azure -}}
{{- $workloadIdentity := and .azure (eq $azure.auth "workloadIdentity") -}}
{{- $clientSecret := and .azure (eq $azure.auth "clientSecret") -}}
{{- $clientId := "" -}}
{{- if .azure -}}
{{- $clientId = required (printf "azure.clientId (or %s.azureClientId) is required: the client id %s signs in to Azure with (azure.auth=%s)" .key .name $azure.auth) (include "wimigrate.azureClientId" (dict "root" $root "values" $v)) -}}
{{- end -}}
{{- $properties := include "wimigrate.applicationProperties" (dict "root" $root "name" .name "values" $v) -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ $fullname }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "wimigrate.commonLabels" $root | nindent 4 }}
    {{- include "wimigrate.selectorLabels" (dict "root" $root "name" .name) | nindent 4 }}
  {{- if or $workloadIdentity $v.serviceAccount.annotations }}
  annotations:
    {{- if $workloadIdentity }}
    azure.workload.identity/client-id: {{ $clientId | quote }}
    azure.workload.identity/tenant-id: {{ $azure.tenantId | quote }}
    {{- end }}
    {{- with $v.serviceAccount.annotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- end }}
# the services never call the Kubernetes API of the cluster they run in
automountServiceAccountToken: false
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ $fullname }}-config
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "wimigrate.commonLabels" $root | nindent 4 }}
    {{- include "wimigrate.selectorLabels" (dict "root" $root "name" .name) | nindent 4 }}
data:
  application.properties: |
    {{- $properties | nindent 4 }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $fullname }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "wimigrate.commonLabels" $root | nindent 4 }}
    {{- include "wimigrate.selectorLabels" (dict "root" $root "name" .name) | nindent 4 }}
spec:
  {{- if .singleton }}
  # Exactly one, replaced with Recreate: the old pod is gone before the new one starts, so two
  # instances never run at once (see the caller's comment for why).
  replicas: 1
  strategy:
    type: Recreate
  {{- else }}
  replicas: {{ $v.replicas }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "wimigrate.selectorLabels" (dict "root" $root "name" .name) | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "wimigrate.commonLabels" $root | nindent 8 }}
        {{- include "wimigrate.selectorLabels" (dict "root" $root "name" .name) | nindent 8 }}
        {{- if $workloadIdentity }}
        azure.workload.identity/use: "true"
        {{- end }}
        {{- with $v.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "8080"
        prometheus.io/path: /q/metrics
        checksum/config: {{ $properties | sha256sum }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ $fullname }}
      automountServiceAccountToken: false
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      nodeSelector:
        kubernetes.io/os: linux
        {{- with $v.nodeSelector }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        runAsNonRoot: true
        runAsUser: {{ $root.Values.runAsUser }}
        runAsGroup: {{ $root.Values.runAsGroup }}
        fsGroup: {{ $root.Values.runAsGroup }}
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: {{ .name }}
          image: {{ include "wimigrate.image" (dict "root" $root "image" $v.image) | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          env:
            - name: HTTP_PORT
              value: "8080"
            - name: KAFKA_BOOTSTRAP_SERVERS
              value: {{ required "kafka.bootstrapServers is required" $root.Values.kafka.bootstrapServers | quote }}
            - name: QUARKUS_CONFIG_LOCATIONS
              value: /etc/wimigrate/config/application.properties
            {{- if .azure }}
            - name: WIMIGRATE_AZURE_TENANT_ID
              value: {{ required "azure.tenantId is required: the Entra tenant of the managed identities" $azure.tenantId | quote }}
            - name: WIMIGRATE_AZURE_ARM_ENDPOINT
              value: {{ $azure.armEndpoint | quote }}
            - name: WIMIGRATE_AZURE_AUTHORITY_HOST
              value: {{ $azure.authorityHost | quote }}
            - name: WIMIGRATE_AZURE_CALL_TIMEOUT
              value: {{ $azure.callTimeout | quote }}
            {{- if $clientSecret }}
            - name: WIMIGRATE_AZURE_CLIENT_ID
              value: {{ $clientId | quote }}
            - name: WIMIGRATE_AZURE_CLIENT_SECRET
              valueFrom:
                secretKeyRef:
                  name: {{ required "azure.clientSecret.secretName is required with azure.auth=clientSecret" $azure.clientSecret.secretName | quote }}
                  key: {{ $azure.clientSecret.key | quote }}
            {{- end }}
            {{- if $azure.caConfigMap.name }}
            - name: WIMIGRATE_AZURE_CA_FILE
              value: /etc/wimigrate/azure-ca/{{ $azure.caConfigMap.key }}
            {{- end }}
            {{- end }}
            {{- with $v.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- with $v.envFromSecret }}
          envFrom:
            - secretRef:
                name: {{ . | quote }}
          {{- end }}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            privileged: false
            capabilities:
              drop: ["ALL"]
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          startupProbe:
            httpGet:
              path: /q/health/started
              port: http
            periodSeconds: 2
            failureThreshold: 90
          livenessProbe:
            httpGet:
              path: /q/health/live
              port: http
            periodSeconds: 20
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /q/health/ready
              port: http
            periodSeconds: 10
            failureThreshold: 3
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            - name: config
              mountPath: /etc/wimigrate/config
              readOnly: true
            {{- if and .azure $azure.caConfigMap.name }}
            - name: azure-ca
              mountPath: /etc/wimigrate/azure-ca
              readOnly: true
            {{- end }}
            {{- if and (eq .name "federation-service") $v.probeKubeconfigs.secretName }}
            - name: probe-kubeconfigs
              mountPath: /etc/wimigrate/probe-kubeconfigs
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        - name: config
          configMap:
            name: {{ $fullname }}-config
        {{- if and .azure $azure.caConfigMap.name }}
        - name: azure-ca
          configMap:
            name: {{ $azure.caConfigMap.name | quote }}
        {{- end }}
        {{- if and (eq .name "federation-service") $v.probeKubeconfigs.secretName }}
        - name: probe-kubeconfigs
          secret:
            secretName: {{ $v.probeKubeconfigs.secretName | quote }}
        {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $fullname }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "wimigrate.commonLabels" $root | nindent 4 }}
    {{- include "wimigrate.selectorLabels" (dict "root" $root "name" .name) | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "wimigrate.selectorLabels" (dict "root" $root "name" .name) | nindent 4 }}
  ports:
    - name: http
      port: 8080
      targetPort: http
      protocol: TCP
{{- end -}}

{{/* One Strimzi KafkaTopic; dict: root, topic, partitions, config (map) */}}
{{- define "wimigrate.kafkaTopic" -}}
{{- $kt := .root.Values.kafkaTopics -}}
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaTopic
metadata:
  name: {{ .topic }}
  namespace: {{ $kt.namespace | default .root.Release.Namespace }}
  annotations:
    # uninstalling the chart must not delete the topics and the state in them
    helm.sh/resource-policy: keep
  labels:
    strimzi.io/cluster: {{ required "kafkaTopics.strimziCluster is required: the Strimzi Kafka resource's name" $kt.strimziCluster | quote }}
    {{- include "wimigrate.commonLabels" .root | nindent 4 }}
    app.kubernetes.io/instance: {{ .root.Release.Name }}
spec:
  topicName: {{ .topic }}
  partitions: {{ .partitions | int }}
  replicas: {{ $kt.replicas | int }}
  config:
    {{- range $key, $value := .config }}
    {{ $key }}: {{ $value }}
    {{- end }}
    min.insync.replicas: {{ $kt.minInsyncReplicas | int }}
{{- end -}}
