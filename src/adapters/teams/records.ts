import { z } from "zod";
import { defineCollection } from "../../storage/collection.js";

/**
 * A Teams conversation reference (botbuilder's `ConversationReference`), kept when the app
 * is installed or spoken to, so the bot can start messages there later. Kept whole.
 */
export const teamsConversationSchema = z.looseObject({
  serviceUrl: z.string(),
  conversation: z.object({ id: z.string() }).loose(),
  channelId: z.string().optional(),
});

/** Where a Teams user's personal chat with the bot is. */
export const teamsUserSchema = z.object({ conversationId: z.string(), at: z.iso.datetime({ offset: true }) });

/** `teams-conversation:<conversation id>`. */
export const teamsConversations = defineCollection("teams-conversation", teamsConversationSchema);
/** `teams-user:<Teams user id>`: the user's personal chat with the bot. */
export const teamsUsers = defineCollection("teams-user", teamsUserSchema);
