/**
 * Backups that happen on their own: the job a service manager runs ({@link
 * vpo.schedule.BackupJob}), when it runs ({@link vpo.schedule.Schedule}), the files that install it
 * (systemd user units, a launchd agent, a crontab line), installing and removing them ({@link
 * vpo.schedule.ScheduleInstaller}), the record of every backup run ({@link
 * vpo.schedule.BackupRunLog}) and the warning shown when backups stop happening ({@link
 * vpo.schedule.BackupHealth}).
 */
package vpo.schedule;
