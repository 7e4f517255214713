// Command check builds a Kustomize overlay and validates every object it produces, offline.
//
//	check <kustomization dir>
//
// The build is the kustomize library itself (sigs.k8s.io/kustomize/api/krusty, what `kustomize
// build` runs). Each built-in object is decoded strictly into the typed k8s.io/api structs: an
// unknown or misspelt field, a duplicate field, a wrong type or an unknown kind fails. The custom
// resources of KEDA (ScaledObject, TriggerAuthentication) and of the Prometheus Operator
// (PodMonitor, PrometheusRule; monitoring.go) are decoded strictly into the small schemas here.
// On success the objects are printed as one JSON array for the policy checks
// (deploy/test/k8s.test.ts); on failure every problem goes to stderr and the exit code is 1.
//
// No schema is downloaded: the cluster's JSON schemas (kubeconform's) come from GitHub, which
// this project's machines cannot reach, while these types come from the Go module proxy.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: check <kustomization dir>")
		os.Exit(2)
	}
	objects, problems := buildAndValidate(os.Args[1])
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(os.Stderr, p)
		}
		os.Exit(1)
	}
	out, err := json.Marshal(objects)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Stdout.Write(out)
}

func buildAndValidate(dir string) ([]json.RawMessage, []string) {
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	built, err := k.Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return nil, []string{fmt.Sprintf("kustomize build %s: %v", dir, err)}
	}
	decoder := strictDecoder()
	var objects []json.RawMessage
	var problems []string
	for _, r := range built.Resources() {
		data, err := r.MarshalJSON()
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", r.CurId(), err))
			continue
		}
		name := fmt.Sprintf("%s %s/%s", r.GetKind(), r.GetNamespace(), r.GetName())
		if err := validate(decoder, r.GetApiVersion(), r.GetKind(), data); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", name, err))
		}
		objects = append(objects, data)
	}
	return objects, problems
}

func strictDecoder() runtime.Decoder {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme, appsv1.AddToScheme, batchv1.AddToScheme, policyv1.AddToScheme,
		autoscalingv2.AddToScheme, networkingv1.AddToScheme, rbacv1.AddToScheme,
	} {
		if err := add(scheme); err != nil {
			panic(err)
		}
	}
	return serializer.NewCodecFactory(scheme, serializer.EnableStrict).UniversalDeserializer()
}

func validate(decoder runtime.Decoder, apiVersion, kind string, data []byte) error {
	if strings.HasPrefix(apiVersion, "keda.sh/") {
		return validateKeda(apiVersion, kind, data)
	}
	if strings.HasPrefix(apiVersion, "monitoring.coreos.com/") {
		return validateMonitoring(apiVersion, kind, data)
	}
	// Strict: unknown and duplicate fields are errors, not silently dropped.
	_, _, err := decoder.Decode(data, nil, nil)
	return err
}

// The part of KEDA's CRDs (keda.sh/v1alpha1) these manifests use; anything else is refused.
type objectMeta struct {
	Name        string            `json:"name"`
	Namespace   string            `json:"namespace,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

type scaledObject struct {
	APIVersion string     `json:"apiVersion"`
	Kind       string     `json:"kind"`
	Metadata   objectMeta `json:"metadata"`
	Spec       struct {
		ScaleTargetRef struct {
			APIVersion string `json:"apiVersion,omitempty"`
			Kind       string `json:"kind,omitempty"`
			Name       string `json:"name"`
		} `json:"scaleTargetRef"`
		PollingInterval *int32 `json:"pollingInterval,omitempty"`
		CooldownPeriod  *int32 `json:"cooldownPeriod,omitempty"`
		MinReplicaCount *int32 `json:"minReplicaCount,omitempty"`
		MaxReplicaCount *int32 `json:"maxReplicaCount,omitempty"`
		Triggers        []struct {
			Type              string            `json:"type"`
			Metadata          map[string]string `json:"metadata"`
			AuthenticationRef *struct {
				Name string `json:"name"`
				Kind string `json:"kind,omitempty"`
			} `json:"authenticationRef,omitempty"`
		} `json:"triggers"`
	} `json:"spec"`
}

type triggerAuthentication struct {
	APIVersion string     `json:"apiVersion"`
	Kind       string     `json:"kind"`
	Metadata   objectMeta `json:"metadata"`
	Spec       struct {
		SecretTargetRef []struct {
			Parameter string `json:"parameter"`
			Name      string `json:"name"`
			Key       string `json:"key"`
		} `json:"secretTargetRef"`
	} `json:"spec"`
}

// The Redis list scaler's metadata keys (KEDA 2.x docs: scalers/redis-lists).
var redisListKeys = []string{
	"address", "addressFromEnv", "host", "hostFromEnv", "port", "portFromEnv", "listName",
	"listLength", "activationListLength", "databaseIndex", "enableTLS", "unsafeSsl",
	"usernameFromEnv", "passwordFromEnv",
}

func decodeStrict(data []byte, into any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	return d.Decode(into)
}

func validateKeda(apiVersion, kind string, data []byte) error {
	if apiVersion != "keda.sh/v1alpha1" {
		return fmt.Errorf("unknown KEDA version %s", apiVersion)
	}
	switch kind {
	case "ScaledObject":
		var so scaledObject
		if err := decodeStrict(data, &so); err != nil {
			return err
		}
		if so.Spec.ScaleTargetRef.Name == "" {
			return fmt.Errorf("spec.scaleTargetRef.name is required")
		}
		if len(so.Spec.Triggers) == 0 {
			return fmt.Errorf("spec.triggers: at least one")
		}
		if so.Spec.MinReplicaCount != nil && so.Spec.MaxReplicaCount != nil &&
			*so.Spec.MinReplicaCount > *so.Spec.MaxReplicaCount {
			return fmt.Errorf("spec.minReplicaCount above spec.maxReplicaCount")
		}
		for i, t := range so.Spec.Triggers {
			if t.Type != "redis" {
				return fmt.Errorf("spec.triggers[%d].type %q: only the redis list scaler is used", i, t.Type)
			}
			for key := range t.Metadata {
				if !slices.Contains(redisListKeys, key) {
					return fmt.Errorf("spec.triggers[%d].metadata.%s: not a redis scaler key", i, key)
				}
			}
			for _, key := range []string{"listName", "listLength"} {
				if t.Metadata[key] == "" {
					return fmt.Errorf("spec.triggers[%d].metadata.%s is required", i, key)
				}
			}
			if t.Metadata["address"] == "" && t.Metadata["host"] == "" && t.Metadata["addressFromEnv"] == "" {
				return fmt.Errorf("spec.triggers[%d].metadata: address, host or addressFromEnv", i)
			}
		}
	case "TriggerAuthentication":
		var ta triggerAuthentication
		if err := decodeStrict(data, &ta); err != nil {
			return err
		}
		for i, ref := range ta.Spec.SecretTargetRef {
			if ref.Parameter == "" || ref.Name == "" || ref.Key == "" {
				return fmt.Errorf("spec.secretTargetRef[%d]: parameter, name and key are required", i)
			}
		}
	default:
		return fmt.Errorf("no schema for KEDA kind %s", kind)
	}
	return nil
}
