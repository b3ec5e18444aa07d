// The JSON the simulator sends, typed after the OpenAPI spec (DeploymentResponseItem and friends).

export interface ReplicaEventWire {
  image?: string;
  replica_ready_since?: string;
  replica_status?: string;
  replica_status_message?: string;
  replica_status_reason?: string;
  revision_id?: string;
  volume_preload_completed_at?: string;
  volume_preload_started_at?: string;
  volume_preload_status?: string;
}

export interface EnvironmentVariableWire {
  name: string;
  value?: string;
  value_from_secret?: string;
}

export interface VolumeMountWire {
  name: string;
  mount_path: string;
  version?: number;
}

export type AutoscalingWire =
  | { metric: 'HTTPTotalRequests' | 'HTTPAvgRequestDuration'; target: number; time_interval_minutes?: number }
  | { metric: 'QueueBacklogPerWorker'; target: number; model?: string }
  | { metric: 'CustomMetric'; target: number; custom_metric_name: string };

export type DeploymentStatusWire = 'Updating' | 'Scaling' | 'Ready' | 'Failed';

export interface DeploymentWire {
  object: 'deployment';
  id: string;
  name: string;
  description: string;
  status: DeploymentStatusWire;
  image: string;
  command: string[];
  args: string[];
  cpu: number;
  memory: number;
  storage: number;
  gpu_type: 'h100-80gb' | 'h100-40gb-mig' | 'b200-192gb';
  gpu_count: number;
  port: number;
  health_check_path: string;
  environment_variables: EnvironmentVariableWire[];
  volumes: VolumeMountWire[];
  autoscaling?: AutoscalingWire;
  min_replicas: number;
  max_replicas: number;
  desired_replicas: number;
  ready_replicas: number;
  replica_events: Record<string, ReplicaEventWire>;
  created_at: string;
  updated_at: string;
}

export interface DeploymentListWire {
  object: 'list';
  data: DeploymentWire[];
}

export interface DeploymentLogsWire {
  lines: string[];
}

export interface ErrorWire {
  error: { message: string; type: string; code?: string };
}

/** GET /queue/metrics (QueueMetricsResponse). */
export interface QueueMetricsWire {
  messages_running: number;
  messages_waiting: number;
  total_jobs: number;
}

/** The queue endpoints' error body (QueueError): flat, unlike the deployments API's. */
export interface QueueErrorWire {
  message: string;
  type: string;
  code?: string;
  param?: string;
}
