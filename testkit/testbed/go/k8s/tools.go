//go:build tools

// Package tools pins the Kubernetes control-plane commands this wrapper module builds.
// kube-apiserver & co. cannot be `go install`ed directly because k8s.io/kubernetes replaces
// its staging modules with local paths; this module replaces them with published versions.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver/app"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	_ "k8s.io/kubernetes/cmd/kube-scheduler/app"
)
