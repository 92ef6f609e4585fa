-- Registers htsr's tables in a Spark SQL catalog (spark-sql, Thrift server, a shared metastore).
-- Replace /path/to/out with the --out directory (a path or URI), then run:
--   spark-sql -f jobs/htsr-tables.sql
--
-- The *_all tables are the raw Parquet data, one partition per committed batch. The views show
-- what jobs/query shows: only batches with a commit record (so an interrupted run's partial
-- output is never seen) and, per checkpoint and configuration, only its latest analysis.
-- The last views are those of docs/experiments.md (checkpoint_metadata, runs_series, layer_series);
-- experiment_correlations and the functions natural_key and rank_correlation live in htsr's jar:
-- use jobs/query for them. HtsrTablesSqlTest checks this file against the tables the jobs write and
-- the views they register.

CREATE TABLE IF NOT EXISTS htsr_layers_all      USING parquet LOCATION '/path/to/out/layers';
CREATE TABLE IF NOT EXISTS htsr_esd_all         USING parquet LOCATION '/path/to/out/esd';
CREATE TABLE IF NOT EXISTS htsr_failures_all    USING parquet LOCATION '/path/to/out/failures';
CREATE TABLE IF NOT EXISTS htsr_metadata_all    USING parquet LOCATION '/path/to/out/metadata';
CREATE TABLE IF NOT EXISTS htsr_checkpoints_all USING parquet LOCATION '/path/to/out/checkpoints';
CREATE TABLE IF NOT EXISTS htsr_commits         USING json    LOCATION '/path/to/out/_commits';
CREATE TABLE IF NOT EXISTS runs                 USING parquet LOCATION '/path/to/out/runs';

-- partitions written after the CREATE TABLE become visible after a repair
MSCK REPAIR TABLE htsr_layers_all;
MSCK REPAIR TABLE htsr_esd_all;
MSCK REPAIR TABLE htsr_failures_all;
MSCK REPAIR TABLE htsr_metadata_all;
MSCK REPAIR TABLE htsr_checkpoints_all;

CREATE OR REPLACE VIEW htsr_latest AS
  SELECT checkpoint, config_hash, max(batch) AS batch
  FROM htsr_checkpoints_all
  WHERE batch IN (SELECT batch FROM htsr_commits)
  GROUP BY checkpoint, config_hash;

CREATE OR REPLACE VIEW layers AS
  SELECT t.* FROM htsr_layers_all t LEFT SEMI JOIN htsr_latest l
  ON t.checkpoint = l.checkpoint AND t.config_hash = l.config_hash AND t.batch = l.batch;
CREATE OR REPLACE VIEW esd AS
  SELECT t.* FROM htsr_esd_all t LEFT SEMI JOIN htsr_latest l
  ON t.checkpoint = l.checkpoint AND t.config_hash = l.config_hash AND t.batch = l.batch;
CREATE OR REPLACE VIEW failures AS
  SELECT t.* FROM htsr_failures_all t LEFT SEMI JOIN htsr_latest l
  ON t.checkpoint = l.checkpoint AND t.config_hash = l.config_hash AND t.batch = l.batch;
CREATE OR REPLACE VIEW metadata AS
  SELECT t.* FROM htsr_metadata_all t LEFT SEMI JOIN htsr_latest l
  ON t.checkpoint = l.checkpoint AND t.config_hash = l.config_hash AND t.batch = l.batch;
CREATE OR REPLACE VIEW checkpoints AS
  SELECT t.* FROM htsr_checkpoints_all t LEFT SEMI JOIN htsr_latest l
  ON t.checkpoint = l.checkpoint AND t.config_hash = l.config_hash AND t.batch = l.batch;

-- comparing runs (docs/experiments.md): the metadata row of the highest-precedence source per key
-- (manifest, option, trainer_state, training_args, model_config, file, path), then per checkpoint
-- and per layer with experiment, run, epoch, accuracy and the numeric keys
CREATE OR REPLACE VIEW checkpoint_metadata AS
  SELECT checkpoint, checkpoint_id, config_hash, model, step, key, value, number, source FROM (
    SELECT t.*, row_number() OVER (PARTITION BY checkpoint, config_hash, key ORDER BY
      CASE source WHEN 'manifest' THEN 0 WHEN 'option' THEN 1 WHEN 'trainer_state' THEN 2 WHEN 'training_args' THEN 3
      WHEN 'model_config' THEN 4 WHEN 'file' THEN 5 WHEN 'path' THEN 6 ELSE 99 END) AS htsr_rank
    FROM metadata t) WHERE htsr_rank = 1;
CREATE OR REPLACE VIEW htsr_checkpoint_keys AS
  SELECT checkpoint, config_hash,
    max(CASE WHEN key = 'experiment' THEN value END) AS experiment,
    max(CASE WHEN key = 'run' THEN value END) AS run,
    max(CASE WHEN key = 'epoch' THEN number END) AS epoch,
    map_from_entries(collect_list(CASE WHEN number IS NOT NULL THEN struct(key, number) END)) AS numbers
  FROM checkpoint_metadata GROUP BY checkpoint, config_hash;
CREATE OR REPLACE VIEW runs_series AS
  SELECT coalesce(m.experiment, '(none)') AS experiment, coalesce(m.run, c.model) AS run, c.step, m.epoch,
    coalesce(m.numbers['test_acc'], m.numbers['test_accuracy'], m.numbers['eval_accuracy'], m.numbers['eval_acc'], m.numbers['accuracy']) AS accuracy,
    c.alpha, c.alpha_weighted, c.log_alpha_norm, c.log_spectral_norm, c.log_norm,
    c.stable_rank, c.mp_softrank, c.layers, c.layers_failed, c.status, coalesce(m.numbers, map()) AS numbers,
    c.model, c.checkpoint, c.config_hash
  FROM checkpoints c LEFT JOIN htsr_checkpoint_keys m ON c.checkpoint = m.checkpoint AND c.config_hash = m.config_hash;
CREATE OR REPLACE VIEW layer_series AS
  SELECT coalesce(m.experiment, '(none)') AS experiment, coalesce(m.run, l.model) AS run, l.step, m.epoch,
    coalesce(m.numbers['test_acc'], m.numbers['test_accuracy'], m.numbers['eval_accuracy'], m.numbers['eval_acc'], m.numbers['accuracy']) AS accuracy,
    l.layer_index, l.layer_name, l.slice, l.layer_type, l.alpha, l.alpha_weighted, l.D,
    l.num_pl_spikes, l.num_spikes, l.phase, l.warning, l.status, coalesce(m.numbers, map()) AS numbers,
    l.model, l.checkpoint, l.config_hash
  FROM layers l LEFT JOIN htsr_checkpoint_keys m ON l.checkpoint = m.checkpoint AND l.config_hash = m.config_hash;
