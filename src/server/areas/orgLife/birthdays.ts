// Kept while src/server/platform/jobs/index.ts and test/api/platform/email.test.ts import the job from here.
export { runBirthdayReminders } from './commands/runBirthdayReminders';
