-- What bounds the cohort drift (GET /api/analytics/cohorts?by=emergenceYear&period=year, as deploy/bench asks it) when
-- every step of its query is timed on its own: the members at the date, the (member, year end) rows their periods give,
-- then the statistics alone over those rows, already materialized: the exact means and medians of every cohort at every
-- year end, as the app computes them (the median of an even count the mean of the two middle values). These are the steps
-- of the drift as PostgreSQL aggregated it until 2026-12-02, which the app keeps for rows an older version left unfilled;
-- the last step took 4.42-4.57 s at L, and the app now counts the points itself (StoredHistory.CohortPointsAsync).
-- Run against the database deploy/bench filled (docs/benchmarks.md), three rounds of the last step:
--   psql -v schema=ect_bench -f tests/EctLifecycle.Benchmarks/Sql/cohort-drift-bound.sql
\timing on
set jit = off;
\echo 'the members: the periods of grid v1 holding at 2024-06-30, with their cohort'
create temp table m as
  select h.project_id, h.emergence_year::text as grp from :schema.score_history h
  where h.grid = 'v1' and h.valid_from <= date '2024-06-30' and (h.valid_to is null or h.valid_to > date '2024-06-30');
create temp table a as
  select array(select make_date(y, 12, 31) from generate_series(1990, 2023) y) || date '2024-06-30' as ends;
\echo 'the rows: each member at each year end its periods hold at'
create temp table held as
  select m.grp, a.ends[i] as at, h.score, h.collective_ownership_mean, h.territorial_anchoring_mean,
         h.hybrid_economic_model_mean, h.territorial_resilience_mean
  from :schema.score_history h join m on m.project_id = h.project_id cross join a
  cross join lateral generate_series(width_bucket(h.valid_from - 1, a.ends) + 1,
    case when h.valid_to is null then cardinality(a.ends) else width_bucket(h.valid_to - 1, a.ends) end) as i
  where h.grid = 'v1' and h.valid_from <= date '2024-06-30';
select (select count(*) from m) as members, count(*) as member_year_ends, count(distinct (grp, at)) as groups from held;
\set group_by 'grp, at'
\ir drift-statistics.sql
