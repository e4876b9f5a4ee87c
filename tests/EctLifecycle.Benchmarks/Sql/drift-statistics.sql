-- The statistics alone over the rows a drift's script materialized in the temporary table "held" (a score and the four
-- pillars' means per row), grouped by the psql variable group_by, three rounds: the exact means and medians, as the app
-- computes them (the median of an even count the mean of the two middle values). Included by cohort-drift-bound.sql and
-- aligned-drift-bound.sql (\ir), not run alone.
-- The outer query reads each group's object (its length): a subquery's column that nothing reads is not computed by
-- PostgreSQL, and an earlier version of this script, which counted the groups only, timed the grouping without the
-- statistics (0.24-0.26 s at L for the cohort drift, where they take 4.42-4.57 s).
\echo 'the statistics alone over those rows, three rounds'
select count(*), sum(octet_length(stats::text)) from (
  select jsonb_build_object('n', count(*),
    's', jsonb_build_array(avg(score::numeric), (percentile_disc(0.5) within group (order by score::numeric)
      + percentile_disc(0.500000000001) within group (order by score::numeric)) / 2),
    'c', jsonb_build_array(avg(collective_ownership_mean::numeric), (percentile_disc(0.5) within group (order by collective_ownership_mean::numeric)
      + percentile_disc(0.500000000001) within group (order by collective_ownership_mean::numeric)) / 2),
    't', jsonb_build_array(avg(territorial_anchoring_mean::numeric), (percentile_disc(0.5) within group (order by territorial_anchoring_mean::numeric)
      + percentile_disc(0.500000000001) within group (order by territorial_anchoring_mean::numeric)) / 2),
    'h', jsonb_build_array(avg(hybrid_economic_model_mean::numeric), (percentile_disc(0.5) within group (order by hybrid_economic_model_mean::numeric)
      + percentile_disc(0.500000000001) within group (order by hybrid_economic_model_mean::numeric)) / 2),
    'r', jsonb_build_array(avg(territorial_resilience_mean::numeric), (percentile_disc(0.5) within group (order by territorial_resilience_mean::numeric)
      + percentile_disc(0.500000000001) within group (order by territorial_resilience_mean::numeric)) / 2)) as stats
  from held group by :group_by) x;
\g
\g
