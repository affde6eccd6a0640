/**
 * Request and response types of the 13 App Market operations, written from
 * docs/api/alli-app-market.openapi.json (the reference's OpenAPI 3.1 excerpts). Optional where the
 * document does not list a field as required; `| null` where it allows null. The client's test
 * checks real answers of the mock against the document, so these cannot drift far unnoticed.
 */
import type { ChatOptionInfo, Citation, IntermediateStep } from '../model/types.js';

export type ObjectAccessType = 'order_1_editor' | 'order_2_reader';

export interface AccessAgent {
  agentId: string;
  accessType: ObjectAccessType;
}

export interface AccessPermissionGroup {
  permissionGroupId: string;
  accessType: ObjectAccessType;
}

export interface AgentPermission {
  viewAccessToAgent: boolean;
  accessAgents?: AccessAgent[] | null;
  accessPermissionGroups?: AccessPermissionGroup[] | null;
}

export interface AgentPermissionResponse extends Omit<AgentPermission, 'accessPermissionGroups'> {
  accessPermissionGroups?: Array<AccessPermissionGroup & { permissionGroupName: string }> | null;
}

export interface UserPermission {
  viewAccessToUser: boolean;
  ownUserIds?: string[] | null;
  customerGroups?: string[] | null;
}

/** `App` (GET/PATCH /webapi/v2/apps/{app_id}, items of GET /webapi/v2/apps). */
export interface App {
  id: string;
  name: string;
  description?: string | null;
  type: string;
  category: string;
  published: boolean;
  agentPermission: AgentPermissionResponse;
  userPermission: UserPermission;
}

export interface ListAppsQuery {
  searchTerm?: string;
  categories?: string[];
  type?: string;
  published?: boolean;
  /** 1–100, default 50. */
  pageSize?: number;
  cursor?: string;
}

export interface AppsResponse {
  apps: App[];
  cursor?: string | null;
}

/** `UpdateAppRequest`: only the fields sent change. */
export interface UpdateAppRequest {
  name?: string | null;
  description?: string | null;
  category?: string | null;
  published?: boolean | null;
  agentPermission?: AgentPermission | null;
  userPermission?: UserPermission | null;
}

/** The project's cognitive_config: a flat `field -> value` object. */
export type CognitiveConfig = Record<string, unknown>;

/** The multipart fields of one run_conversation turn (docs/protocol.md §3). */
export interface RunConversationRequest {
  conversationId?: string;
  message?: string;
  /** Indices into the latest bot node's chatOptionInfos; sent as a JSON string. */
  choices?: number[];
  /** Keyed by form field name; sent as a JSON string. */
  sendFormInput?: Record<string, unknown>;
  /** Sent as a JSON string. */
  fileIds?: string[];
  files?: UploadFile[];
  media_files?: UploadFile[];
  form_files?: UploadFile[];
}

export interface UploadFile {
  blob: Blob;
  name: string;
}

export interface V1AppsQuery {
  /** `"true"` or `"false"` (a string in the reference). */
  published?: 'true' | 'false';
  id?: string[];
  locale?: string;
}

export interface V1App {
  id: string;
  name: string;
  type: 'single_action' | 'skill';
  description: string;
  category: string;
  app_from: string;
  app_url: string;
}

export interface V1AppsResponse {
  result: V1App[];
}

export type SingleActionInputType = 'text' | 'paragraph' | 'single' | 'multi' | 'document_basic' | 'document_advanced' | 'image_basic' | 'image_advanced';

export interface CreateAppRequest {
  user_id?: string;
  type: 'single_action';
  name: string;
  description: string;
  category: string;
  published: boolean;
  enabled: boolean;
  single_action_app_input: {
    name: string;
    description: string;
    llm_model: string;
    selected_llm_processing_method?: 'stuff' | 'map' | 'map_reduce' | 'chunk_map' | 'chunk_map_reduce' | null;
    selected_map_reduce_input_variable_name?: string | null;
    inputs: Array<{ name: string; value: string; placeholder?: string | null; input_type: SingleActionInputType; options?: Array<{ name: string; value: string }> }>;
    messages: Array<{ role: 'system' | 'user'; content: string }>;
  } | null;
}

export interface CreateAppResponse {
  result: { id: string };
}

export interface RunAppRequest {
  chat?: {
    message?: string;
    source?: { knowledgeBaseIds?: string[]; folderIds?: string[]; webSites?: string[] };
    useNodeDefaultInputSource?: boolean;
  };
  inputs?: Record<string, unknown>;
  mode?: 'sync' | 'stream' | 'background';
  isStateful?: boolean;
  conversationId?: string;
  llmModel?: string;
  llmPromptId?: string;
  gaPromptGroupId?: string;
  temperature?: number;
  requiredVariables?: string[];
}

export interface RunAppResponseNode {
  id?: string;
  type?: string;
  message?: string;
  source?: Record<string, unknown>;
  sender?: string;
  /** ISO 8601 date-time. */
  createdAt?: string;
  completed?: boolean;
  citations?: Array<Omit<Citation, 'url' | 'clueId'> & { clueId?: string; url?: string }>;
  error?: { timestamp?: number; nodeId?: string; nodeType?: string; errorType?: string; errorObject?: Record<string, unknown> };
  intermediateStep?: Partial<IntermediateStep>;
}

export interface RunAppResponse {
  result: {
    id?: string;
    name?: string;
    type?: 'campaign' | 'single_action' | 'agent';
    category?: string;
    responses?: RunAppResponseNode[];
    variables?: Record<string, unknown>;
    conversation?: { id?: string; state?: string };
  };
  error?: string;
}

export interface RunSkillRequest {
  id: string;
  text: string;
  variables?: Record<string, unknown>;
}

export interface RunSkillResponse {
  result?: string;
  errors?: string[];
}

/** A message node of the chat operations: `message` is Draft.js raw content in a string. */
export interface ChatNode {
  id?: string;
  message?: string;
  createdAt?: number;
  chatOptionInfos?: Array<Partial<ChatOptionInfo>>;
  isDeleted?: boolean;
}

export interface StartConversationRequest {
  placement?: string;
}

export interface StartConversationResponse {
  result?: {
    conversation?: {
      id?: string;
      project?: { nluLanguage?: string };
      chats?: { edges?: Array<{ node?: ChatNode }> };
    };
  };
  errors?: Record<string, unknown> | null;
}

export interface SendChatRequest {
  message: string;
  conversationId: string;
}

export interface SendChatResponse {
  result?: { responses?: ChatNode[]; state?: string };
  errors?: Record<string, unknown> | null;
}

export interface EndConversationByAgentRequest {
  id: string;
}

export interface EndConversationByAgentResponse {
  result?: {
    conversation?: { id?: string; completedTime?: number; state?: string; __typename?: string };
    __typename?: string;
  };
  errors?: Record<string, unknown> | null;
}
