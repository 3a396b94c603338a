//go:build tools

// Package tools pins the control-plane components that `npm run test:k8s`
// runs. k8s.io/kubernetes publishes its go.mod without the replace
// directives for its staging modules, so this module maps each of them to
// its published v0.X.Y (see go.mod) and script/install-k8s-tools builds the
// binaries from here.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
