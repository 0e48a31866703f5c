import { z } from 'zod';
import { lazySchema } from './lazy-schema';

// In-person sessions: scheduling (admins), registration (learners), the attendance sheet (trainers).

const instant = lazySchema(() => z.iso.datetime({ offset: true }));

/** `POST /api/manage/sessions`. Times are instants; the SPA enters them in Europe/Brussels. */
export const sessionScheduleSchema = lazySchema(() =>
  z
    .strictObject({
      trainingId: z.string().min(1).max(128),
      startsAt: instant,
      endsAt: instant,
      place: z.string().trim().min(2).max(300),
      capacity: z.number().int().min(1).max(500),
      language: z.enum(['fr', 'nl']),
      trainerIds: z.array(z.string().min(1).max(128)).min(1).max(5),
      accreditedHours: z.number().positive().max(24),
    })
    .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), {
      path: ['endsAt'],
      message: 'must be after startsAt',
    })
    .refine((s) => s.accreditedHours <= (Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 3_600_000, {
      path: ['accreditedHours'],
      message: 'must not exceed the length of the session',
    }),
);
export type SessionSchedule = z.infer<typeof sessionScheduleSchema>;

export const sessionSummarySchema = lazySchema(() =>
  z.object({
    id: z.string(),
    trainingId: z.string(),
    trainingTitle: z.object({ fr: z.string(), nl: z.string() }),
    startsAt: z.string(),
    endsAt: z.string(),
    place: z.string(),
    language: z.enum(['fr', 'nl']),
    capacity: z.number().int(),
    seatsTaken: z.number().int(),
    waiting: z.number().int(),
    accreditedHours: z.number(),
    status: z.enum(['scheduled', 'cancelled']),
    signedOff: z.boolean(),
    /** When an admin cancelled the session: when, and the reason given to the learners. */
    cancellation: z.object({ at: z.string(), reason: z.string() }).optional(),
    /** The caller's registration, when they have one. */
    myRegistration: z.enum(['registered', 'waiting']).optional(),
    /** The caller's place on the waiting list (1 = next), when waiting. */
    myPosition: z.number().int().positive().optional(),
  }),
);
export type SessionSummary = z.infer<typeof sessionSummarySchema>;
export const sessionListSchema = lazySchema(() => z.object({ items: z.array(sessionSummarySchema) }));
export type SessionList = z.infer<typeof sessionListSchema>;

export const registrationResultSchema = lazySchema(() =>
  z.object({
    status: z.enum(['registered', 'waiting', 'cancelled']),
    /** Position on the waiting list (1 = next), when waiting. */
    position: z.number().int().positive().optional(),
  }),
);
export type RegistrationResult = z.infer<typeof registrationResultSchema>;

export const attendanceStatusSchema = lazySchema(() => z.enum(['present', 'absent', 'partial']));
export type AttendanceStatusValue = z.infer<typeof attendanceStatusSchema>;

export const sheetParticipantSchema = lazySchema(() =>
  z.object({
    userId: z.string(),
    name: z.string(),
    profession: z.string().optional(),
    /** Masked unless revealed (`POST …/participants/{userId}/inami`, audited). */
    inamiMasked: z.string().optional(),
    attendance: attendanceStatusSchema.optional(),
    hours: z.number().optional(),
    attested: z.boolean(),
  }),
);
export type SheetParticipant = z.infer<typeof sheetParticipantSchema>;

export const attendanceSheetSchema = lazySchema(() =>
  z.object({
    session: sessionSummarySchema,
    lengthHours: z.number(),
    participants: z.array(sheetParticipantSchema),
    waiting: z.number().int(),
    signedOff: z.object({ by: z.string(), at: z.string() }).optional(),
    attestations: z.number().int(),
  }),
);
export type AttendanceSheet = z.infer<typeof attendanceSheetSchema>;

/** `PUT /api/trainer/sessions/{sessionId}/attendance`: all marks or none. */
export const attendanceMarksSchema = lazySchema(() =>
  z.strictObject({
    marks: z
      .array(
        z.strictObject({
          userId: z.string().min(1).max(128),
          status: attendanceStatusSchema,
          hours: z.number().positive().max(24).optional(),
        }),
      )
      .min(1)
      .max(500),
  }),
);
export type AttendanceMarks = z.infer<typeof attendanceMarksSchema>;

export const signOffResultSchema = lazySchema(() =>
  z.object({
    signedOff: z.object({ by: z.string(), at: z.string() }),
    attestations: z.number().int(),
  }),
);
export type SignOffResult = z.infer<typeof signOffResultSchema>;

/** `PUT /api/manage/sessions/{sessionId}/capacity`: more seats move the waiting list up. */
export const sessionCapacitySchema = lazySchema(() =>
  z.strictObject({ capacity: z.number().int().min(1).max(500) }),
);
export type SessionCapacity = z.infer<typeof sessionCapacitySchema>;

/** `POST /api/manage/sessions/{sessionId}/cancel`: the whole session, with the reason the learners read. */
export const sessionCancelSchema = lazySchema(() =>
  z.strictObject({ reason: z.string().trim().min(3).max(500) }),
);

/** `POST /api/manage/sessions/{sessionId}/reopen`. */
export const sheetReopenSchema = lazySchema(() =>
  z.strictObject({ reason: z.string().trim().min(3).max(500) }),
);

export const revealedInamiSchema = lazySchema(() => z.object({ number: z.string() }));

/** `GET /api/me/hours-report?year=2026` or `?from=2024-01-01&to=2027-12-31&language=nl`. */
export const hoursReportQuerySchema = lazySchema(() =>
  z
    .object({
      year: z.coerce.number().int().min(2000).max(2100).optional(),
      from: z.iso.date().optional(),
      to: z.iso.date().optional(),
      language: z.enum(['fr', 'nl']).optional(),
    })
    .refine((q) => q.year !== undefined || (q.from !== undefined && q.to !== undefined), {
      message: 'give a year, or from and to',
    })
    .refine(
      (q) =>
        q.from === undefined ||
        q.to === undefined ||
        (q.from <= q.to && Number(q.to.slice(0, 4)) - Number(q.from.slice(0, 4)) <= 10),
      {
        path: ['to'],
        message: 'to must follow from, at most ten years later',
      },
    ),
);
