package main

import (
	"fmt"
	"regexp"
	"time"
)

// The part of the Prometheus Operator's CRDs (monitoring.coreos.com/v1) these manifests use:
// a PodMonitor scraping the suite's pods with a bearer token from a Secret, and a PrometheusRule
// with alerting rules. Anything else is refused, as for KEDA's kinds.

type labelSelector struct {
	MatchLabels      map[string]string `json:"matchLabels,omitempty"`
	MatchExpressions []struct {
		Key      string   `json:"key"`
		Operator string   `json:"operator"`
		Values   []string `json:"values,omitempty"`
	} `json:"matchExpressions,omitempty"`
}

type podMonitor struct {
	APIVersion string     `json:"apiVersion"`
	Kind       string     `json:"kind"`
	Metadata   objectMeta `json:"metadata"`
	Spec       struct {
		Selector          labelSelector `json:"selector"`
		NamespaceSelector *struct {
			Any        bool     `json:"any,omitempty"`
			MatchNames []string `json:"matchNames,omitempty"`
		} `json:"namespaceSelector,omitempty"`
		PodMetricsEndpoints []struct {
			Port          string `json:"port"`
			Path          string `json:"path,omitempty"`
			Scheme        string `json:"scheme,omitempty"`
			Interval      string `json:"interval,omitempty"`
			ScrapeTimeout string `json:"scrapeTimeout,omitempty"`
			Authorization *struct {
				Type        string `json:"type,omitempty"`
				Credentials struct {
					Name string `json:"name"`
					Key  string `json:"key"`
				} `json:"credentials"`
			} `json:"authorization,omitempty"`
		} `json:"podMetricsEndpoints"`
	} `json:"spec"`
}

type prometheusRule struct {
	APIVersion string     `json:"apiVersion"`
	Kind       string     `json:"kind"`
	Metadata   objectMeta `json:"metadata"`
	Spec       struct {
		Groups []struct {
			Name     string `json:"name"`
			Interval string `json:"interval,omitempty"`
			Rules    []struct {
				Alert       string            `json:"alert,omitempty"`
				Record      string            `json:"record,omitempty"`
				Expr        string            `json:"expr"`
				For         string            `json:"for,omitempty"`
				Labels      map[string]string `json:"labels,omitempty"`
				Annotations map[string]string `json:"annotations,omitempty"`
			} `json:"rules"`
		} `json:"groups"`
	} `json:"spec"`
}

var alertName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func validDuration(field, d string) error {
	if d == "" {
		return nil
	}
	if _, err := time.ParseDuration(d); err != nil {
		return fmt.Errorf("%s %q: not a duration", field, d)
	}
	return nil
}

func validateMonitoring(apiVersion, kind string, data []byte) error {
	if apiVersion != "monitoring.coreos.com/v1" {
		return fmt.Errorf("unknown Prometheus Operator version %s", apiVersion)
	}
	switch kind {
	case "PodMonitor":
		var pm podMonitor
		if err := decodeStrict(data, &pm); err != nil {
			return err
		}
		if len(pm.Spec.PodMetricsEndpoints) == 0 {
			return fmt.Errorf("spec.podMetricsEndpoints: at least one")
		}
		for i, e := range pm.Spec.PodMetricsEndpoints {
			if e.Port == "" {
				return fmt.Errorf("spec.podMetricsEndpoints[%d].port is required", i)
			}
			for field, d := range map[string]string{"interval": e.Interval, "scrapeTimeout": e.ScrapeTimeout} {
				if err := validDuration(fmt.Sprintf("spec.podMetricsEndpoints[%d].%s", i, field), d); err != nil {
					return err
				}
			}
			if a := e.Authorization; a != nil && (a.Credentials.Name == "" || a.Credentials.Key == "") {
				return fmt.Errorf("spec.podMetricsEndpoints[%d].authorization.credentials: name and key are required", i)
			}
		}
	case "PrometheusRule":
		var pr prometheusRule
		if err := decodeStrict(data, &pr); err != nil {
			return err
		}
		for g, group := range pr.Spec.Groups {
			if group.Name == "" || len(group.Rules) == 0 {
				return fmt.Errorf("spec.groups[%d]: a name and at least one rule", g)
			}
			for r, rule := range group.Rules {
				where := fmt.Sprintf("spec.groups[%d].rules[%d]", g, r)
				if (rule.Alert == "") == (rule.Record == "") {
					return fmt.Errorf("%s: exactly one of alert and record", where)
				}
				if rule.Alert != "" && !alertName.MatchString(rule.Alert) {
					return fmt.Errorf("%s.alert %q: not a valid name", where, rule.Alert)
				}
				if rule.Expr == "" {
					return fmt.Errorf("%s.expr is required", where)
				}
				if err := validDuration(where+".for", rule.For); err != nil {
					return err
				}
			}
		}
	default:
		return fmt.Errorf("no schema for Prometheus Operator kind %s", kind)
	}
	return nil
}
