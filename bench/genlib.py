"""Deterministic synthetic VPO libraries (schema v27) for the benchmark.

The layout comes from src/main/resources/vpo/library/schema-v27.sql, parsed the way
LibrarySchema does (comment lines dropped, statements split on ';' at the end of a line).
The rows follow what VPO records and what src/test/java/vpo/testing/LibraryFixture.java
builds: files with unicode paths, plugin_metadata and container_tags JSON, 5-15 tracks
per file, jobs of every type and status, operations, plans, processing stats with action
results and performance metrics, transcription / language / classification results and
library snapshots. Every row satisfies the CHECK constraints and foreign keys.

The same (target size, seed) always gives the same rows: one random.Random(seed), rows
added in fixed-size batches until the database reaches the target size. The file is left
in WAL mode (like VPO leaves it), checkpointed, with no -wal beside it.

Run directly to make one library:  python3 bench/genlib.py OUT.db SIZE_MB [SEED]
"""

import os
import random
import re
import sqlite3
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

# Bump when the rows generated for a given (size, seed) change: it is part of the cache key.
GENERATOR_VERSION = 1
PAGE_SIZE = 4096
EPOCH = datetime(2024, 1, 6, 9, 15, tzinfo=timezone.utc)

# Title words in several scripts, so paths are unicode and titles many and distinct.
WORDS = [
    # Latin with diacritics
    "Amélie", "Mamá", "También", "Auberge", "espagnole", "Cidade", "Deus", "Noël", "Straße",
    "Fräulein", "Über", "Niño", "Señor", "Corazón", "Café", "Élan", "Bjørn", "Ærø", "Øresund",
    "Łódź", "Žižkov", "Škoda", "Çay", "Ğarip", "Işık", "Déjà", "Vu", "Forêt", "Crème",
    # English
    "The", "Night", "Watch", "Expanse", "Office", "Boot", "Home", "Videos", "Return", "Last",
    "Kingdom", "River", "Shadow", "Light", "Garden", "Winter", "Summer", "Island", "Empire",
    "Station", "Dream", "Stone", "Fire", "Glass", "Silver", "Harbor", "Road", "Secret", "Signal",
    "Echo", "Ocean", "Machine", "Heart", "City", "Crown", "Storm", "Wolf", "North", "Blue",
    # Japanese / Chinese / Korean
    "千と千尋", "神隠し", "進撃", "巨人", "東京", "物語", "夏", "の", "空", "風", "海", "月",
    "花", "夢", "少女", "剣", "星", "진격의", "거인", "서울", "밤", "사랑", "바다", "하늘",
    "英雄", "无间道", "卧虎藏龙", "花样年华",
    # Cyrillic, Greek, Hebrew, Arabic, Devanagari, Thai
    "Ночной", "дозор", "Война", "мир", "Брат", "Солярис", "Ταξίδι", "Κύθηρα", "Οδύσσεια",
    "Θάλασσα", "ואלס", "עם", "באשיר", "القاهرة", "ليلة", "दिल", "वाले", "दुल्हनिया", "ले", "जाएंगे",
    "ฟ้า", "ทะลายโจร",
    # Emoji now and then, as real libraries have
    "🎬", "🌊", "🚀",
]
COLLECTIONS = ["Movies", "Movies", "Movies", "TV", "TV", "Anime", "Documentaries", "Personal"]
EXTENSIONS = ["mkv", "mkv", "mkv", "mkv", "mp4", "mp4", "m2ts", "avi", "webm"]
CONTAINER_FORMAT = {
    "mkv": "matroska,webm",
    "webm": "matroska,webm",
    "mp4": "mov,mp4,m4a,3gp,3g2,mj2",
    "m2ts": "mpegts",
    "avi": "avi",
}
LANGUAGES = ["eng", "jpn", "fra", "deu", "spa", "rus", "ita", "kor", "zho", "por", "und"]
JOB_TYPES = ["transcode", "move", "scan", "apply", "process", "prune"]
JOB_STATUSES = ["queued", "running", "completed", "failed", "cancelled"]
OPERATION_STATUSES = ["PENDING", "IN_PROGRESS", "COMPLETED", "FAILED", "ROLLED_BACK"]
PLAN_STATUSES = ["pending", "approved", "rejected", "applied", "canceled"]
TRANSCRIPTION_TYPES = ["main", "commentary", "alternate", "music", "sfx", "non_speech"]
POLICY_NAMES = ["default", "anime-dual-audio", "4k-hdr-archive", "english-only", "space-saver"]
FILE_STATUSES = ["ok"] * 12 + ["error", "missing", "pending"]


def load_ddl(path):
    """The statements of the DDL file, split exactly as LibrarySchema.loadDdl does."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    kept = "".join(
        line + "\n" for line in text.split("\n") if not line.strip().startswith("--")
    )
    return [s.strip() for s in re.split(r";[ \t]*\n", kept) if s.strip()]


class Generator:
    def __init__(self, conn, seed):
        self.used_paths = set()
        self.c = conn
        self.r = random.Random(seed)
        self.next_file_id = 1
        self.next_track_id = 1
        self.next_analysis_id = 1
        self.file_number = 0
        self.show = None  # (collection, title, year, episodes left, season, episode)
        self.processing_job_ids = []
        self.scan_job_id = self.uuid()
        self.total_bytes = 0
        self.snapshot_no = 0

    # ---- small helpers -------------------------------------------------------------
    def hex(self, digits):
        return "%0*x" % (digits, self.r.getrandbits(4 * digits))

    def uuid(self):
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    def time(self, seconds_after_epoch):
        t = EPOCH + timedelta(seconds=seconds_after_epoch, microseconds=self.r.randrange(1_000_000))
        return t.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")

    def fraction(self, n):
        if n % 11 == 0:
            return 1.0
        if n % 13 == 0:
            return 0.0
        return self.r.randrange(1_000_000) / 1_000_000.0

    def new_show(self):
        r = self.r
        words = [r.choice(WORDS) for _ in range(r.randint(1, 4))]
        title = " ".join(words)
        if r.random() < 0.3:
            title += " " + r.choice(["II", "III", "Returns", "Redux", "(Director's Cut)", "Part 2"])
        collection = r.choice(COLLECTIONS)
        year = r.randint(1950, 2025)
        if collection in ("TV", "Anime"):
            episodes = r.randint(6, 60)
        elif collection == "Personal":
            episodes = r.randint(3, 30)
        else:
            episodes = 1
        self.show = [collection, title, year, episodes, 1, 0]

    def next_path(self):
        if self.show is None or self.show[3] == 0:
            self.new_show()
        s = self.show
        collection, title, year = s[0], s[1], s[2]
        s[3] -= 1
        ext = self.r.choice(EXTENSIONS)
        if collection in ("TV", "Anime"):
            s[5] += 1
            if s[5] > 24 or (s[5] > 10 and self.r.random() < 0.05):
                s[4] += 1
                s[5] = 1
            directory = "/media/%s/%s (%d)/Season %02d" % (collection, title, year, s[4])
            filename = "%s - S%02dE%02d - %s.%s" % (
                title, s[4], s[5], self.r.choice(WORDS) + " " + self.r.choice(WORDS), ext)
        elif collection == "Personal":
            s[5] += 1
            directory = "/media/Personal/%s/%d" % (title, year)
            filename = "VID_%d%02d%02d_%06d.%s" % (
                year, self.r.randint(1, 12), self.r.randint(1, 28), self.r.randrange(10**6), ext)
        else:
            directory = "/media/%s/%s (%d)" % (collection, title, year)
            filename = "%s (%d) [%s].%s" % (
                title, year, self.r.choice(["1080p", "2160p", "720p", "2160p HDR"]), ext)
        return directory, filename, ext, title, year

    # ---- the tables ----------------------------------------------------------------
    def fixed_rows(self):
        r = self.r
        rows = []
        for name in POLICY_NAMES:
            created = self.time(r.randrange(3_000_000))
            rows.append((
                name, r.randint(1, 6),
                "schema_version: 12\nname: %s\naudio_language_preference: [eng, jpn, und]\n"
                "subtitle_language_preference: [eng]\ncommentary_patterns: [commentary, director]\n"
                % name,
                created, created))
        self.c.executemany(
            "INSERT INTO policies (name, version, definition, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?)", rows)
        self.c.executemany(
            "INSERT INTO plugin_acknowledgments (plugin_name, plugin_hash, acknowledged_at,"
            " acknowledged_by) VALUES (?, ?, ?, ?)",
            [(p, self.hex(64), self.time(r.randrange(1_000_000)),
              "media-server.local" if r.random() < 0.5 else None)
             for p in ("whisper-transcriber", "radarr-metadata", "sonarr", "jellyfin-sync")])
        self.c.execute(
            "INSERT INTO jobs (id, file_path, job_type, status, priority, progress_percent,"
            " created_at, started_at, completed_at, origin) VALUES"
            " (?, '/media', 'scan', 'completed', 100, 100.0, ?, ?, ?, 'cli')",
            (self.scan_job_id, self.time(20_000_000), self.time(20_000_060),
             self.time(20_003_600)))

    def batch(self, n_files):
        """Adds n_files files with their tracks and everything hanging off them."""
        r = self.r
        files, tracks, jobs, ops, plans = [], [], [], [], []
        stats, actions, metrics = [], [], []
        transcriptions, analyses, segments, classes = [], [], [], []
        for _ in range(n_files):
            fid = self.next_file_id
            self.next_file_id += 1
            n = self.file_number
            self.file_number += 1
            directory, filename, ext, title, year = self.next_path()
            path = directory + "/" + filename
            if path in self.used_paths:
                # Two movies of the same title, year and quality: a real library would hold a
                # copy under another name. Libraries without collisions come out unchanged.
                n = 2
                stem = filename[: -len(ext) - 1]
                while True:
                    filename = "%s (copy %d).%s" % (stem, n, ext)
                    path = directory + "/" + filename
                    if path not in self.used_paths:
                        break
                    n += 1
            self.used_paths.add(path)
            size = 150_000_000 + int(r.random() * 60_000_000_000)
            self.total_bytes += size
            status = r.choice(FILE_STATUSES)
            duration = 1200 + r.randrange(8000) + r.randrange(1000) / 1000.0
            plugin = None
            if r.randrange(3):
                plugin = (
                    '{"radarr": {"movie_id": %d, "title": "%s", "year": %d, "monitored": true,'
                    ' "quality": "%s", "tmdb_id": %d, "imdb_id": "tt%07d"}}'
                    % (r.randrange(50_000), title.replace('"', '\\"'), year,
                       r.choice(["Bluray-1080p", "WEBDL-2160p", "HDTV-720p", "Remux-2160p"]),
                       r.randrange(1_000_000), r.randrange(10_000_000)))
            tags = None
            if r.randrange(4):
                tags = (
                    '{"title": "%s", "encoder": "libebml v1.4.4 + libmatroska v1.7.1",'
                    ' "creation_time": "%s", "ENCODER": "Lavf60.3.100"}'
                    % (title.replace('"', '\\"'), self.time(r.randrange(1_000_000))))
            files.append((
                fid, path, filename, directory, ext, size, self.time(r.randrange(20_000_000)),
                None if status == "pending" else "xxh64:" + self.hex(16),
                CONTAINER_FORMAT[ext], self.time(20_000_000 + r.randrange(1_000_000)), status,
                "ffprobe failed: Invalid data found when processing input"
                if status == "error" else None,
                self.scan_job_id, plugin, tags))

            audio_ids = self.add_tracks(tracks, fid, duration)
            for t, tid in enumerate(audio_ids):
                self.add_analyses(tid, t, transcriptions, analyses, segments, classes)

            # Jobs: about one per two files, every type and status.
            if n % 2 == 0:
                j = n // 2
                jtype = JOB_TYPES[j % len(JOB_TYPES)]
                jstatus = JOB_STATUSES[(j // len(JOB_TYPES)) % len(JOB_STATUSES)]
                jid = self.uuid()
                if jtype in ("process", "transcode"):
                    self.processing_job_ids.append(jid)
                    if len(self.processing_job_ids) > 1000:
                        self.processing_job_ids.pop(0)
                jobs.append(self.job(jid, jtype, jstatus, fid, path))
            if n % 3 == 0:
                ostatus = OPERATION_STATUSES[(n // 3) % len(OPERATION_STATUSES)]
                started = 22_000_000 + r.randrange(1_000_000)
                ops.append((
                    self.uuid(), fid, path, r.choice(POLICY_NAMES), r.randint(1, 5),
                    '[{"action": "set_default", "track_index": 1},'
                    ' {"action": "set_language", "track_index": 2, "value": "jpn"}]',
                    ostatus, "mkvpropedit: file is locked" if ostatus == "FAILED" else None,
                    None if ostatus == "PENDING" else path + ".vpo-backup",
                    self.time(started),
                    None if ostatus in ("PENDING", "IN_PROGRESS") else self.time(started + 9)))
            if n % 5 == 1:
                made = n // 5
                pstatus = PLAN_STATUSES[made % len(PLAN_STATUSES)]
                created = 22_500_000 + r.randrange(500_000)
                actions_n = r.randrange(6)
                plans.append((
                    self.uuid(), None if made % 7 == 0 else fid, path, r.choice(POLICY_NAMES),
                    r.randint(1, 5),
                    r.choice(self.processing_job_ids)
                    if pstatus == "applied" and self.processing_job_ids else None,
                    "[]" if actions_n == 0 else '[{"action": "remove_track", "index": 4}]',
                    actions_n, r.randrange(2), pstatus, self.time(created),
                    self.time(created + r.randrange(5000))))
            if n % 3 == 1:
                self.add_stats(fid, n, stats, actions, metrics)

        c = self.c
        c.executemany("INSERT INTO files (id, path, filename, directory, extension, size_bytes,"
                      " modified_at, content_hash, container_format, scanned_at, scan_status,"
                      " scan_error, job_id, plugin_metadata, container_tags)"
                      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", files)
        c.executemany("INSERT INTO tracks (id, file_id, track_index, track_type, codec, language,"
                      " title, is_default, is_forced, channels, channel_layout, width, height,"
                      " frame_rate, color_transfer, color_primaries, color_space, color_range,"
                      " duration_seconds) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", tracks)
        c.executemany("INSERT INTO jobs (id, file_id, file_path, job_type, status, priority,"
                      " policy_name, policy_json, progress_percent, progress_json, created_at,"
                      " started_at, completed_at, worker_pid, worker_heartbeat, output_path,"
                      " backup_path, error_message, files_affected_json, summary_json, log_path,"
                      " origin, batch_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                      jobs)
        c.executemany("INSERT INTO operations (id, file_id, file_path, policy_name,"
                      " policy_version, actions_json, status, error_message, backup_path,"
                      " started_at, completed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", ops)
        c.executemany("INSERT INTO plans (id, file_id, file_path, policy_name, policy_version,"
                      " job_id, actions_json, action_count, requires_remux, status, created_at,"
                      " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", plans)
        c.executemany("INSERT INTO processing_stats (id, file_id, processed_at, policy_name,"
                      " size_before, size_after, size_change, audio_tracks_before,"
                      " subtitle_tracks_before, attachments_before, audio_tracks_after,"
                      " subtitle_tracks_after, attachments_after, audio_tracks_removed,"
                      " subtitle_tracks_removed, attachments_removed, duration_seconds,"
                      " phases_completed, phases_total, total_changes, video_source_codec,"
                      " video_target_codec, video_transcode_skipped, video_skip_reason,"
                      " audio_tracks_transcoded, audio_tracks_preserved, hash_before,"
                      " hash_after, success, error_message, encoder_type, job_id)"
                      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                      stats)
        c.executemany("INSERT INTO action_results (stats_id, action_type, track_type,"
                      " track_index, before_state, after_state, success, duration_ms,"
                      " rule_reference, message) VALUES (?,?,?,?,?,?,?,?,?,?)", actions)
        c.executemany("INSERT INTO performance_metrics (stats_id, phase_name, wall_time_seconds,"
                      " bytes_read, bytes_written, encoding_fps, encoding_bitrate)"
                      " VALUES (?,?,?,?,?,?,?)", metrics)
        c.executemany("INSERT INTO transcription_results (track_id, detected_language,"
                      " confidence_score, track_type, transcript_sample, plugin_name,"
                      " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)", transcriptions)
        c.executemany("INSERT INTO language_analysis_results (id, track_id, file_hash,"
                      " primary_language, primary_percentage, classification,"
                      " analysis_metadata, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                      analyses)
        c.executemany("INSERT INTO language_segments (analysis_id, language_code, start_time,"
                      " end_time, confidence) VALUES (?,?,?,?,?)", segments)
        c.executemany("INSERT INTO track_classification_results (track_id, file_hash,"
                      " original_dubbed_status, commentary_status, confidence,"
                      " detection_method, acoustic_profile_json, created_at, updated_at)"
                      " VALUES (?,?,?,?,?,?,?,?,?)", classes)
        # One library snapshot per batch, as a daemon records one a day.
        self.snapshot_no += 1
        c.execute("INSERT INTO library_snapshots (snapshot_at, total_files, total_size_bytes,"
                  " missing_files, error_files) VALUES (?,?,?,?,?)",
                  (self.time(24_000_000 + self.snapshot_no * 86_400), self.file_number,
                   self.total_bytes, self.file_number // 20, self.file_number // 30))

    def add_tracks(self, tracks, fid, duration):
        r = self.r
        count = r.randint(5, 15)
        audio = 1 + r.randrange(min(5, count - 2))
        hdr = r.randrange(4) == 0
        audio_ids = []
        for index in range(count):
            tid = self.next_track_id
            self.next_track_id += 1
            if index == 0:
                ttype = "video"
            elif index <= audio:
                ttype = "audio"
            elif index == count - 1 and count > 8:
                ttype = "attachment"
            else:
                ttype = "subtitle"
            row = [tid, fid, index, ttype, None, None, None, 1 if index <= 1 else 0, 0,
                   None, None, None, None, None, None, None, None, None, None]
            if ttype == "video":
                row[4] = r.choice(("hevc", "h264", "av1", "mpeg2video"))
                uhd = hdr or r.random() < 0.5
                row[11] = 3840 if uhd else 1920
                row[12] = 2160 if uhd else r.choice((1080, 800, 1038))
                row[13] = r.choice(("24000/1001", "24/1", "25/1", "30000/1001"))
                if hdr:
                    row[14:18] = ["smpte2084", "bt2020", "bt2020nc", "tv"]
                row[18] = duration
            elif ttype == "audio":
                row[4] = r.choice(("aac", "ac3", "eac3", "dts", "truehd", "opus", "flac"))
                row[5] = r.choice(LANGUAGES)
                if index > 1 and r.randrange(3) == 0:
                    row[6] = r.choice(("Commentary with the director", "Stereo", "Descriptive",
                                       "Surround 5.1", "Original"))
                ch = r.choice((2, 6, 8))
                row[9] = ch
                row[10] = "stereo" if ch == 2 else "5.1(side)" if ch == 6 else "7.1"
                row[18] = duration
                audio_ids.append(tid)
            elif ttype == "subtitle":
                row[4] = r.choice(("subrip", "ass", "hdmv_pgs_subtitle", "webvtt"))
                row[5] = r.choice(LANGUAGES)
                row[8] = 1 if r.randrange(6) == 0 else 0
                if r.randrange(4) == 0:
                    row[6] = r.choice(("Forced", "SDH", "Signs & Songs", "Full", "Français (CA)"))
            else:
                row[4] = "ttf"
                row[6] = r.choice(("NotoSansCJK-Regular.ttc", "Arial Bold.ttf", "Gandhi Sans.otf"))
            tracks.append(row)
        return audio_ids

    def add_analyses(self, tid, t, transcriptions, analyses, segments, classes):
        r = self.r
        when = self.time(23_500_000 + r.randrange(500_000))
        k = tid % 12
        if k % 3 == 0:
            transcriptions.append((
                tid, r.choice(LANGUAGES), self.fraction(tid),
                TRANSCRIPTION_TYPES[(tid // 3) % len(TRANSCRIPTION_TYPES)],
                r.choice(("Where were you on the night of the 14th?", "お前はもう死んでいる",
                          "Je ne regrette rien.", None)),
                "whisper-transcriber", when, when))
        if k % 4 == 1:
            aid = self.next_analysis_id
            self.next_analysis_id += 1
            multi = r.random() < 0.5
            analyses.append((
                aid, tid, "xxh64:" + self.hex(16), r.choice(LANGUAGES),
                0.5 + r.randrange(400) / 1000.0 if multi else 1.0,
                "MULTI_LANGUAGE" if multi else "SINGLE_LANGUAGE",
                '{"samples": 12, "model": "whisper-small"}', when, when))
            start = 0.0
            for s in range(r.randint(1, 5), 0, -1):
                end = start + 5 + r.randrange(600_000) / 1000.0
                segments.append((aid, r.choice(LANGUAGES), start, end, self.fraction(s)))
                start = end
        if k % 4 == 2:
            classes.append((
                tid, "xxh64:" + self.hex(16), r.choice(("original", "dubbed", "unknown")),
                r.choice(("commentary", "main", "unknown")), self.fraction(tid),
                r.choice(("metadata", "acoustic", "combined", "position")),
                '{"speech_ratio": 0.82, "music_ratio": 0.11}' if r.random() < 0.5 else None,
                when, when))

    def job(self, jid, jtype, status, fid, path):
        r = self.r
        per_file = jtype not in ("scan", "prune")
        created = 21_000_000 + r.randrange(2_000_000)
        progress = {"queued": 0.0, "completed": 100.0}.get(status, round(r.random() * 1000) / 10)
        started = status != "queued"
        finished = status in ("completed", "failed", "cancelled")
        return (
            jid, fid if per_file else None, path if per_file else "/media", jtype, status,
            r.randrange(1001),
            None if jtype == "scan" else r.choice(POLICY_NAMES),
            None if jtype == "scan"
            else '{"target_video_codec": "hevc", "crf": 20, "two_pass": false}',
            progress,
            '{"phase": "encode", "fps": 87.4, "eta_seconds": 412}' if started else None,
            self.time(created),
            self.time(created + 60) if started else None,
            self.time(created + 3600) if finished else None,
            1000 + r.randrange(60_000) if started else None,
            self.time(created + 600) if started else None,
            "/media/.vpo/out/%s.mkv" % jid if status == "completed" else None,
            "/media/.vpo/backup/%s.mkv.bak" % jid if jtype in ("move", "apply") else None,
            "ffmpeg exited with status 1: Conversion failed!" if status == "failed" else None,
            "[%d]" % (fid if per_file else 0) if status == "completed" else None,
            '{"files_processed": 1, "bytes_saved": %d}' % r.randrange(10**9)
            if status == "completed" else None,
            "/var/log/vpo/jobs/%s.log" % jid if finished else None,
            r.choice(("daemon", "cli", None)),
            None)

    def add_stats(self, fid, n, stats, actions, metrics):
        r = self.r
        sid = self.uuid()
        success = r.randrange(8) != 0
        transcoded = r.random() < 0.5
        before = 1_000_000_000 + r.randrange(2_000_000_000)
        after = before - r.randrange(500_000_000) if transcoded else before
        audio_before = r.randint(1, 5)
        audio_removed = r.randrange(audio_before)
        subs_before = r.randrange(8)
        subs_removed = 0 if subs_before == 0 else r.randrange(subs_before)
        job = None
        if n % 5 != 4 and self.processing_job_ids:
            job = self.processing_job_ids[n % len(self.processing_job_ids)]
        stats.append((
            sid, fid, self.time(23_000_000 + r.randrange(1_000_000)), r.choice(POLICY_NAMES),
            before, after, before - after, audio_before, subs_before, 1,
            audio_before - audio_removed, subs_before - subs_removed, 1, audio_removed,
            subs_removed, 0, r.randrange(3_600_000) / 1000.0, 4 if success else 2, 4,
            audio_removed + subs_removed + (1 if transcoded else 0),
            r.choice(("h264", "hevc", "mpeg2video")), "hevc" if transcoded else None,
            0 if transcoded else 1, None if transcoded else "codec_matches",
            1 if transcoded else 0, max(0, audio_before - audio_removed - (1 if transcoded else 0)),
            "xxh64:" + self.hex(16), "xxh64:" + self.hex(16) if success else None,
            1 if success else 0, None if success else "verification failed: duration mismatch",
            r.choice(("hardware", "software")) if transcoded else None, job))
        for a in range(r.randrange(4), -1, -1):
            actions.append((
                sid, r.choice(("set_default", "remove", "transcode", "set_language")),
                r.choice(("audio", "subtitle", "video", None)),
                r.randrange(12) if r.random() < 0.5 else None,
                '{"codec": "dts", "default": false}', '{"codec": "aac", "default": true}',
                1 if success else r.randrange(2), r.randrange(90_000),
                "tracks.audio.filter[%d]" % a, "Set audio track 2 as default (jpn)"))
        for phase in ("analyze", "remux", "transcode", "verify"):
            if phase == "transcode" and not transcoded:
                continue
            metrics.append((
                sid, phase, r.randrange(1_000_000) / 1000.0, before,
                None if phase == "analyze" else after,
                r.randrange(2000) / 10.0 if phase == "transcode" else None,
                2_000_000 + r.randrange(20_000_000) if phase == "transcode" else None))


def generate(out_path, target_bytes, seed, ddl_path, log=None):
    """Writes a library of about target_bytes to out_path (which must not exist)."""
    if os.path.exists(out_path):
        raise FileExistsError(out_path)
    started = time.monotonic()
    conn = sqlite3.connect(out_path, isolation_level=None)
    try:
        conn.execute("PRAGMA page_size=%d" % PAGE_SIZE)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA cache_size=-262144")  # 256 MiB
        conn.execute("BEGIN")
        for statement in load_ddl(ddl_path):
            conn.execute(statement)
        conn.execute("INSERT INTO _meta (key, value) VALUES ('schema_version', '27')")
        gen = Generator(conn, seed)
        gen.fixed_rows()
        conn.execute("COMMIT")
        # Batches grow with the target so small libraries land close to it and large ones
        # do not pay per-batch overhead; each batch is one transaction.
        per_batch = max(50, min(5000, target_bytes // (200 * 4096)))
        last_report = started
        while True:
            size = conn.execute("PRAGMA page_count").fetchone()[0] * PAGE_SIZE
            if size >= target_bytes:
                break
            conn.execute("BEGIN")
            gen.batch(per_batch)
            conn.execute("COMMIT")
            now = time.monotonic()
            if log and now - last_report > 10:
                last_report = now
                log("  %s: %d MiB of %d MiB, %d files" % (
                    os.path.basename(out_path), size >> 20, target_bytes >> 20, gen.file_number))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError("generated library violates foreign keys: %r" % problems[:3])
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(out_path + suffix):
            os.remove(out_path + suffix)
    if log:
        log("  generated %s: %.1f MiB, %d files, %.1f s" % (
            os.path.basename(out_path), os.path.getsize(out_path) / 2**20, gen.file_number,
            time.monotonic() - started))
    return gen.file_number


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: genlib.py OUT.db SIZE_MB [SEED]")
    here = os.path.dirname(os.path.abspath(__file__))
    ddl = os.path.join(here, "..", "src", "main", "resources", "vpo", "library", "schema-v27.sql")
    generate(sys.argv[1], int(sys.argv[2]) << 20, int(sys.argv[3]) if len(sys.argv) == 4 else 1,
             ddl, log=lambda m: print(m, file=sys.stderr))
