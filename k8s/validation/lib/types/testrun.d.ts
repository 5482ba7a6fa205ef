// The k6-operator's TestRun (apiVersion k6.io/v1alpha1), as far as this repository uses it: a hand-written subset of
// the CRD's schema (k6-operator's docs/crd-generated.md), for the strict field check of lib/strict-fields.mjs. A field
// missing here fails that check: add it (with the CRD's type) when an example starts using it.
import type { IIoK8sApiCoreV1EnvVar } from "kubernetes-models/v1/EnvVar";
import type { IIoK8sApiCoreV1EnvFromSource } from "kubernetes-models/v1/EnvFromSource";
import type { IIoK8sApiCoreV1ResourceRequirements } from "kubernetes-models/v1/ResourceRequirements";
import type { IIoK8sApiCoreV1Toleration } from "kubernetes-models/v1/Toleration";
import type { IIoK8sApiCoreV1Affinity } from "kubernetes-models/v1/Affinity";
import type { IIoK8sApiCoreV1Volume } from "kubernetes-models/v1/Volume";
import type { IIoK8sApiCoreV1VolumeMount } from "kubernetes-models/v1/VolumeMount";
import type { IIoK8sApiCoreV1LocalObjectReference } from "kubernetes-models/v1/LocalObjectReference";
import type { IIoK8sApimachineryPkgApisMetaV1ObjectMeta } from "@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta";

export interface ITestRunPod {
  affinity?: IIoK8sApiCoreV1Affinity;
  env?: IIoK8sApiCoreV1EnvVar[];
  envFrom?: IIoK8sApiCoreV1EnvFromSource[];
  image?: string;
  imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  imagePullSecrets?: IIoK8sApiCoreV1LocalObjectReference[];
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  nodeSelector?: Record<string, string>;
  resources?: IIoK8sApiCoreV1ResourceRequirements;
  serviceAccountName?: string;
  tolerations?: IIoK8sApiCoreV1Toleration[];
  volumes?: IIoK8sApiCoreV1Volume[];
  volumeMounts?: IIoK8sApiCoreV1VolumeMount[];
}

export interface ITestRun {
  apiVersion: "k6.io/v1alpha1";
  kind: "TestRun";
  metadata: IIoK8sApimachineryPkgApisMetaV1ObjectMeta;
  spec: {
    parallelism: number;
    script: {
      configMap?: { name: string; file?: string };
      volumeClaim?: { name: string; file?: string; readOnly?: boolean };
      localFile?: string;
    };
    arguments?: string;
    separate?: boolean;
    cleanup?: "post";
    quiet?: string;
    paused?: string;
    runner?: ITestRunPod;
    starter?: ITestRunPod;
    initializer?: ITestRunPod;
  };
}
