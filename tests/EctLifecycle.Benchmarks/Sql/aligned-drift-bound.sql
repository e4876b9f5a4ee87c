-- What bounds the aligned drift (GET /api/analytics/aligned?on=hubSupportEnded, as deploy/bench asks it: every project
-- at the end of the hub's support plus -3 to 5 years) when every step of its query is timed on its own: the members and
-- their anchor, the period each holds at each offset, then the statistics alone over those rows, already materialized.
-- Since 2026-12-02 the app reads the rows of the second step and counts the statistics itself (StoredHistory.AlignedPointsAsync).
-- Run against the database deploy/bench filled (docs/benchmarks.md), three rounds of the last step:
--   psql -v schema=ect_bench -f tests/EctLifecycle.Benchmarks/Sql/aligned-drift-bound.sql
\timing on
set jit = off;
\echo 'the members: the periods of grid v1 holding at 2024-06-30 whose project saw the end of the hub support, with that day'
create temp table m as
  select h.project_id, h.first_hub_support_ended_on as anchor from :schema.score_history h
  where h.grid = 'v1' and h.valid_from <= date '2024-06-30' and (h.valid_to is null or h.valid_to > date '2024-06-30')
    and h.first_hub_support_ended_on is not null;
create temp table x as
  select m.project_id, o.k, (m.anchor + make_interval(years => o.k))::date as at
  from m cross join generate_series(-3, 5) as o(k);
analyze x;
\echo 'the rows: the period each member holds at each offset (every period of the grid joined by project)'
create temp table held as
  select x.k, h.score, h.collective_ownership_mean, h.territorial_anchoring_mean, h.hybrid_economic_model_mean,
         h.territorial_resilience_mean
  from x join :schema.score_history h on h.project_id = x.project_id and h.grid = 'v1'
    and h.valid_from <= x.at and (h.valid_to is null or h.valid_to > x.at)
  where x.at <= date '2024-06-30';
select (select count(*) from m) as members, (select count(*) from x where at <= date '2024-06-30') as member_offsets, count(*) as rows from held;
\set group_by k
\ir drift-statistics.sql
