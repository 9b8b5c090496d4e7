/**
 * Where alerts go: one SNS topic per environment (created by the foundation,
 * encrypted with its own key), and who is subscribed to it.
 */
import { z } from "zod";
import { KeyDeletionWindowSchema } from "./encryption-schema";

export const AlertsSchema = z
  .object({
    emails: z
      .array(z.string().max(254).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an e-mail address such as oncall@example.com"))
      .max(20)
      .default([])
      .describe("E-mail addresses subscribed to the alert topic (each confirms once, from the mail AWS sends). @default []"),
    httpsEndpoints: z
      .array(z.string().max(2048).regex(/^https:\/\/[^\s]+$/, "must be an https:// URL, such as a chat webhook"))
      .max(10)
      .default([])
      .describe("HTTPS endpoints subscribed to the alert topic (a chat webhook, an incident tool); they must confirm the subscription. @default []"),
    keyDeletionWindowDays: KeyDeletionWindowSchema.describe("Days before the topic's key is deleted after the environment is destroyed. @default - 7 in dev, 30 elsewhere"),
  })
  .strict();

export type AlertsConfig = z.output<typeof AlertsSchema>;
