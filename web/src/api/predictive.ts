import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, seg } from './client.js';
import { queryKeys } from './keys.js';

/** The predictive score: what it learns (settings), the newest model, and one contact's prediction. */

export const OUTCOME_CONTACT_FIELDS = ['source', 'campaign', 'seniority', 'jobTitle'] as const;
export const BUILTIN_FEATURES = [
  'seniority',
  'jobTitle',
  'source',
  'campaign',
  'account.industry',
  'account.employeeCount',
  'account.country',
  'account.city',
  'account.annualRevenue',
  'fitScore',
  'engagementScore',
  'events',
] as const;
export type BuiltinFeature = (typeof BUILTIN_FEATURES)[number];

export interface PredictiveSettings {
  outcome: { field: string; positiveValues: string[]; negativeValues: string[] };
  features: string[];
  minimumPerClass: number;
}

export interface ModelSummary {
  version: number;
  trainedAt: string;
  trainedBy: { id: string; name: string } | null;
  settingsVersion: number;
  outcome: PredictiveSettings['outcome'];
  samples: { positive: number; negative: number; unknown: number; training: number };
  crossValidation: { folds: number; auc: number; aucStd: number };
  topFeatures: { feature: string; type: string; share: number }[];
  droppedFeatures: { feature: string; reason: string }[];
  trainingSeconds: number;
  scoring: { scoredContacts: number; finishedAt: string | null };
}

export interface PredictionFactor {
  feature: string;
  value: string | number | null;
  /** The contact's company's value, which the reader may not see (value null). */
  hidden?: true;
  contribution: number;
  label: string;
}

export type Prediction =
  | {
      status: 'ready';
      method: 'tree_shap';
      score: number;
      modelVersion: number;
      trainedAt: string;
      bias: number;
      logOdds: number;
      otherContribution: number;
      factors: PredictionFactor[];
    }
  | { status: 'no_model'; message: string };

const base = '/api/v1/predictive';

export function usePredictiveSettings() {
  return useQuery({
    queryKey: queryKeys.predictiveSettings,
    queryFn: ({ signal }) =>
      http.get<{ version: number; settings: PredictiveSettings }>(`${base}/settings`, undefined, signal),
  });
}

export function useSavePredictiveSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: PredictiveSettings) =>
      http.put<{ version: number; settings: PredictiveSettings }>(`${base}/settings`, settings),
    onSuccess: (saved) => queryClient.setQueryData(queryKeys.predictiveSettings, saved),
  });
}

/** The newest model; polled while its contacts are still being scored. */
export function usePredictiveModel() {
  return useQuery({
    queryKey: queryKeys.predictiveModel,
    queryFn: ({ signal }) => http.get<{ model: ModelSummary | null }>(`${base}/model`, undefined, signal),
    refetchInterval: (query) => {
      const model = query.state.data?.model;
      return model && !model.scoring.finishedAt ? 1000 : false;
    },
  });
}

export function useTrainModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => http.post<ModelSummary>(`${base}/train`, {}),
    onSuccess: (model) => {
      queryClient.setQueryData(queryKeys.predictiveModel, { model });
      // Every contact gets a new score.
      void queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
    },
  });
}

export function useContactPrediction(contactId: string) {
  return useQuery({
    queryKey: queryKeys.contactPrediction(contactId),
    queryFn: ({ signal }) => http.get<Prediction>(`/api/v1/contacts/${seg(contactId)}/prediction`, undefined, signal),
  });
}
