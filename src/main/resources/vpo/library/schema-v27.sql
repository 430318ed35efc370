-- VPO library schema, version 27: the only place vpo's DDL is written down.
--
-- The layout is the Python VPO's (docs: shared/spec/LIBRARY-SCHEMA.md). Column order,
-- CHECK expressions and index definitions follow its text so that a library created
-- here and one created there read the same in sqlite_master. Comments stay outside the
-- statements: SQLite stores statement text verbatim in every library.
--
-- Statements end with ';' at the end of a line; LibrarySchema splits on that.

CREATE TABLE _meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT UNIQUE NOT NULL,
    filename TEXT NOT NULL,
    directory TEXT NOT NULL,
    extension TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    modified_at TEXT NOT NULL,
    content_hash TEXT,
    container_format TEXT,
    scanned_at TEXT NOT NULL,
    scan_status TEXT NOT NULL DEFAULT 'pending',
    scan_error TEXT,
    job_id TEXT,
    plugin_metadata TEXT,
    container_tags TEXT
);

CREATE INDEX idx_files_directory ON files(directory);
CREATE INDEX idx_files_extension ON files(extension);
CREATE INDEX idx_files_content_hash ON files(content_hash);
CREATE INDEX idx_files_job_id ON files(job_id);
CREATE INDEX idx_files_status_scanned
    ON files(scan_status, scanned_at DESC);

CREATE TABLE tracks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    file_id INTEGER NOT NULL,
    track_index INTEGER NOT NULL,
    track_type TEXT NOT NULL,
    codec TEXT,
    language TEXT,
    title TEXT,
    is_default INTEGER NOT NULL DEFAULT 0,
    is_forced INTEGER NOT NULL DEFAULT 0,
    channels INTEGER,
    channel_layout TEXT,
    width INTEGER,
    height INTEGER,
    frame_rate TEXT,
    color_transfer TEXT,
    color_primaries TEXT,
    color_space TEXT,
    color_range TEXT,
    duration_seconds REAL,
    FOREIGN KEY (file_id) REFERENCES files(id) ON DELETE CASCADE,
    UNIQUE(file_id, track_index)
);

CREATE INDEX idx_tracks_file_id ON tracks(file_id);
CREATE INDEX idx_tracks_type ON tracks(track_type);
CREATE INDEX idx_tracks_language ON tracks(language);

CREATE TABLE operations (
    id TEXT PRIMARY KEY,
    file_id INTEGER NOT NULL,
    file_path TEXT NOT NULL,
    policy_name TEXT NOT NULL,
    policy_version INTEGER NOT NULL,
    actions_json TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'PENDING',
    error_message TEXT,
    backup_path TEXT,
    started_at TEXT NOT NULL,
    completed_at TEXT,
    FOREIGN KEY (file_id) REFERENCES files(id) ON DELETE CASCADE,
    CONSTRAINT valid_status CHECK (
        status IN ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'ROLLED_BACK')
    )
);

CREATE INDEX idx_operations_file_id ON operations(file_id);
CREATE INDEX idx_operations_status ON operations(status);
CREATE INDEX idx_operations_started_at ON operations(started_at);

CREATE TABLE policies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    definition TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE plugin_acknowledgments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plugin_name TEXT NOT NULL,
    plugin_hash TEXT NOT NULL,
    acknowledged_at TEXT NOT NULL,
    acknowledged_by TEXT,
    UNIQUE(plugin_name, plugin_hash)
);

CREATE INDEX idx_plugin_ack_name
    ON plugin_acknowledgments(plugin_name);

CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    file_id INTEGER,
    file_path TEXT NOT NULL,
    job_type TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued',
    priority INTEGER NOT NULL DEFAULT 100,
    policy_name TEXT,
    policy_json TEXT,
    progress_percent REAL NOT NULL DEFAULT 0.0,
    progress_json TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    completed_at TEXT,
    worker_pid INTEGER,
    worker_heartbeat TEXT,
    output_path TEXT,
    backup_path TEXT,
    error_message TEXT,
    files_affected_json TEXT,
    summary_json TEXT,
    log_path TEXT,
    origin TEXT,
    batch_id TEXT,
    FOREIGN KEY (file_id) REFERENCES files(id) ON DELETE CASCADE,
    CONSTRAINT valid_status CHECK (
        status IN ('queued', 'running', 'completed', 'failed', 'cancelled')
    ),
    CONSTRAINT valid_job_type CHECK (
        job_type IN ('transcode', 'move', 'scan', 'apply', 'process', 'prune')
    ),
    CONSTRAINT valid_progress CHECK (
        progress_percent >= 0.0 AND progress_percent <= 100.0
    ),
    CONSTRAINT valid_priority CHECK (
        priority >= 0 AND priority <= 1000
    )
);

CREATE INDEX idx_jobs_status ON jobs(status);
CREATE INDEX idx_jobs_file_id ON jobs(file_id);
CREATE INDEX idx_jobs_created_at ON jobs(created_at);
CREATE INDEX idx_jobs_priority_created ON jobs(priority, created_at);
CREATE INDEX idx_jobs_job_type ON jobs(job_type);
CREATE INDEX idx_jobs_origin ON jobs(origin);
CREATE INDEX idx_jobs_batch_id ON jobs(batch_id);

CREATE TABLE transcription_results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    track_id INTEGER NOT NULL UNIQUE,
    detected_language TEXT,
    confidence_score REAL NOT NULL,
    track_type TEXT NOT NULL DEFAULT 'main',
    transcript_sample TEXT,
    plugin_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    FOREIGN KEY (track_id) REFERENCES tracks(id) ON DELETE CASCADE,
    CONSTRAINT valid_confidence CHECK (
        confidence_score >= 0.0 AND confidence_score <= 1.0
    ),
    CONSTRAINT valid_track_type CHECK (
        track_type IN ('main', 'commentary', 'alternate', 'music', 'sfx', 'non_speech')
    )
);

CREATE INDEX idx_transcription_track_id
    ON transcription_results(track_id);
CREATE INDEX idx_transcription_language
    ON transcription_results(detected_language);
CREATE INDEX idx_transcription_type
    ON transcription_results(track_type);
CREATE INDEX idx_transcription_plugin
    ON transcription_results(plugin_name);

CREATE TABLE plans (
    id TEXT PRIMARY KEY,
    file_id INTEGER,
    file_path TEXT NOT NULL,
    policy_name TEXT NOT NULL,
    policy_version INTEGER NOT NULL,
    job_id TEXT,
    actions_json TEXT NOT NULL,
    action_count INTEGER NOT NULL,
    requires_remux INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    FOREIGN KEY (file_id) REFERENCES files(id) ON DELETE SET NULL,
    CONSTRAINT valid_status CHECK (
        status IN ('pending', 'approved', 'rejected', 'applied', 'canceled')
    ),
    CONSTRAINT valid_action_count CHECK (action_count >= 0)
);

CREATE INDEX idx_plans_status ON plans(status);
CREATE INDEX idx_plans_created_at ON plans(created_at DESC);
CREATE INDEX idx_plans_file_id ON plans(file_id);
CREATE INDEX idx_plans_policy_name ON plans(policy_name);

CREATE TABLE language_analysis_results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    track_id INTEGER NOT NULL UNIQUE,
    file_hash TEXT NOT NULL,
    primary_language TEXT NOT NULL,
    primary_percentage REAL NOT NULL,
    classification TEXT NOT NULL,
    analysis_metadata TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    FOREIGN KEY (track_id) REFERENCES tracks(id) ON DELETE CASCADE,
    CONSTRAINT valid_percentage CHECK (
        primary_percentage >= 0.0 AND primary_percentage <= 1.0
    ),
    CONSTRAINT valid_classification CHECK (
        classification IN ('SINGLE_LANGUAGE', 'MULTI_LANGUAGE')
    )
);

CREATE INDEX idx_lang_analysis_track
    ON language_analysis_results(track_id);
CREATE INDEX idx_lang_analysis_hash
    ON language_analysis_results(file_hash);
CREATE INDEX idx_lang_analysis_classification
    ON language_analysis_results(classification);

CREATE TABLE language_segments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    analysis_id INTEGER NOT NULL,
    language_code TEXT NOT NULL,
    start_time REAL NOT NULL,
    end_time REAL NOT NULL,
    confidence REAL NOT NULL,
    FOREIGN KEY (analysis_id)
        REFERENCES language_analysis_results(id) ON DELETE CASCADE,
    CONSTRAINT valid_times CHECK (end_time > start_time),
    CONSTRAINT valid_confidence CHECK (
        confidence >= 0.0 AND confidence <= 1.0
    )
);

CREATE INDEX idx_lang_segments_analysis
    ON language_segments(analysis_id);
CREATE INDEX idx_lang_segments_language
    ON language_segments(language_code);

CREATE TABLE processing_stats (
    id TEXT PRIMARY KEY,
    file_id INTEGER NOT NULL,
    processed_at TEXT NOT NULL,
    policy_name TEXT NOT NULL,
    size_before INTEGER NOT NULL,
    size_after INTEGER NOT NULL,
    size_change INTEGER NOT NULL,
    audio_tracks_before INTEGER NOT NULL DEFAULT 0,
    subtitle_tracks_before INTEGER NOT NULL DEFAULT 0,
    attachments_before INTEGER NOT NULL DEFAULT 0,
    audio_tracks_after INTEGER NOT NULL DEFAULT 0,
    subtitle_tracks_after INTEGER NOT NULL DEFAULT 0,
    attachments_after INTEGER NOT NULL DEFAULT 0,
    audio_tracks_removed INTEGER NOT NULL DEFAULT 0,
    subtitle_tracks_removed INTEGER NOT NULL DEFAULT 0,
    attachments_removed INTEGER NOT NULL DEFAULT 0,
    duration_seconds REAL NOT NULL,
    phases_completed INTEGER NOT NULL DEFAULT 0,
    phases_total INTEGER NOT NULL DEFAULT 0,
    total_changes INTEGER NOT NULL DEFAULT 0,
    video_source_codec TEXT,
    video_target_codec TEXT,
    video_transcode_skipped INTEGER NOT NULL DEFAULT 0,
    video_skip_reason TEXT,
    audio_tracks_transcoded INTEGER NOT NULL DEFAULT 0,
    audio_tracks_preserved INTEGER NOT NULL DEFAULT 0,
    hash_before TEXT,
    hash_after TEXT,
    success INTEGER NOT NULL,
    error_message TEXT,
    encoder_type TEXT,
    job_id TEXT,
    FOREIGN KEY (file_id) REFERENCES files(id) ON DELETE CASCADE,
    FOREIGN KEY (job_id) REFERENCES jobs(id) ON DELETE SET NULL
);

CREATE INDEX idx_stats_file ON processing_stats(file_id);
CREATE INDEX idx_stats_job ON processing_stats(job_id);
CREATE INDEX idx_stats_policy ON processing_stats(policy_name);
CREATE INDEX idx_stats_time ON processing_stats(processed_at DESC);
CREATE INDEX idx_stats_success ON processing_stats(success);
CREATE INDEX idx_stats_file_time
    ON processing_stats(file_id, processed_at DESC);

CREATE TABLE action_results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    stats_id TEXT NOT NULL,
    action_type TEXT NOT NULL,
    track_type TEXT,
    track_index INTEGER,
    before_state TEXT,
    after_state TEXT,
    success INTEGER NOT NULL,
    duration_ms INTEGER,
    rule_reference TEXT,
    message TEXT,
    FOREIGN KEY (stats_id) REFERENCES processing_stats(id) ON DELETE CASCADE
);

CREATE INDEX idx_action_stats_id ON action_results(stats_id);
CREATE INDEX idx_action_type ON action_results(action_type);
CREATE INDEX idx_action_track_type ON action_results(track_type);

CREATE TABLE performance_metrics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    stats_id TEXT NOT NULL,
    phase_name TEXT NOT NULL,
    wall_time_seconds REAL NOT NULL,
    bytes_read INTEGER,
    bytes_written INTEGER,
    encoding_fps REAL,
    encoding_bitrate INTEGER,
    FOREIGN KEY (stats_id) REFERENCES processing_stats(id) ON DELETE CASCADE
);

CREATE INDEX idx_perf_stats_id ON performance_metrics(stats_id);
CREATE INDEX idx_perf_phase ON performance_metrics(phase_name);

CREATE TABLE track_classification_results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    track_id INTEGER NOT NULL UNIQUE,
    file_hash TEXT NOT NULL,
    original_dubbed_status TEXT NOT NULL,
    commentary_status TEXT NOT NULL,
    confidence REAL NOT NULL,
    detection_method TEXT NOT NULL,
    acoustic_profile_json TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    FOREIGN KEY (track_id) REFERENCES tracks(id) ON DELETE CASCADE,
    CONSTRAINT valid_confidence CHECK (
        confidence >= 0.0 AND confidence <= 1.0
    ),
    CONSTRAINT valid_od_status CHECK (
        original_dubbed_status IN ('original', 'dubbed', 'unknown')
    ),
    CONSTRAINT valid_commentary_status CHECK (
        commentary_status IN ('commentary', 'main', 'unknown')
    ),
    CONSTRAINT valid_method CHECK (
        detection_method IN ('metadata', 'acoustic', 'combined', 'position')
    )
);

CREATE INDEX idx_classification_track
    ON track_classification_results(track_id);
CREATE INDEX idx_classification_hash
    ON track_classification_results(file_hash);
CREATE INDEX idx_classification_od_status
    ON track_classification_results(original_dubbed_status);

CREATE TABLE library_snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    snapshot_at TEXT NOT NULL,
    total_files INTEGER NOT NULL,
    total_size_bytes INTEGER NOT NULL,
    missing_files INTEGER NOT NULL,
    error_files INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX idx_library_snapshots_time
    ON library_snapshots(snapshot_at);
