-- Registers htsr's tables in a Spark SQL catalog (spark-sql, Thrift server, a shared metastore).
-- Replace /path/to/out with the --out directory (a path or URI), then run:
--   spark-sql -f jobs/htsr-tables.sql
--
-- The *_all tables are the raw Parquet data, one partition per committed batch. The views show
-- what jobs/query shows: only batches with a commit record (so an interrupted run's partial
-- output is never seen) and, per checkpoint and configuration, only its latest analysis.

CREATE TABLE IF NOT EXISTS htsr_layers_all      USING parquet LOCATION '/path/to/out/layers';
CREATE TABLE IF NOT EXISTS htsr_esd_all         USING parquet LOCATION '/path/to/out/esd';
CREATE TABLE IF NOT EXISTS htsr_failures_all    USING parquet LOCATION '/path/to/out/failures';
CREATE TABLE IF NOT EXISTS htsr_checkpoints_all USING parquet LOCATION '/path/to/out/checkpoints';
CREATE TABLE IF NOT EXISTS htsr_commits         USING json    LOCATION '/path/to/out/_commits';
CREATE TABLE IF NOT EXISTS runs                 USING parquet LOCATION '/path/to/out/runs';

-- partitions written after the CREATE TABLE become visible after a repair
MSCK REPAIR TABLE htsr_layers_all;
MSCK REPAIR TABLE htsr_esd_all;
MSCK REPAIR TABLE htsr_failures_all;
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
CREATE OR REPLACE VIEW checkpoints AS
  SELECT t.* FROM htsr_checkpoints_all t LEFT SEMI JOIN htsr_latest l
  ON t.checkpoint = l.checkpoint AND t.config_hash = l.config_hash AND t.batch = l.batch;
