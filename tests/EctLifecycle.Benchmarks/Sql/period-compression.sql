-- The periods' documents written and read with PostgreSQL's pglz (its default) and with lz4 (what the start-up sets on
-- mt_doc_scoreperiod.data): 40,000 periods of a benchmark's database copied into two temporary tables, three rounds,
-- alternately. Run against the database deploy/bench filled (docs/benchmarks.md):
--   psql -v schema=ect_bench -f tests/EctLifecycle.Benchmarks/Sql/period-compression.sql
\timing on
create temp table src as select data::text as json from :schema.mt_doc_scoreperiod limit 40000;
select avg(octet_length(json))::int as json_bytes, avg(pg_column_size(json::jsonb))::int as jsonb_bytes from src;
create temp table with_pglz (data jsonb compression pglz);
create temp table with_lz4 (data jsonb compression lz4);
\echo 'round 1: written with pglz, with lz4'
insert into with_pglz select json::jsonb from src;
insert into with_lz4 select json::jsonb from src;
\echo 'round 2'
insert into with_pglz select json::jsonb from src;
insert into with_lz4 select json::jsonb from src;
\echo 'round 3'
insert into with_pglz select json::jsonb from src;
insert into with_lz4 select json::jsonb from src;
select 'pglz' as method, count(*) filter (where pg_column_compression(data) is not null) as compressed, avg(pg_column_size(data))::int as stored_bytes from with_pglz
union all
select 'lz4', count(*) filter (where pg_column_compression(data) is not null), avg(pg_column_size(data))::int from with_lz4;
\echo 'read 120,000 documents (a field of each), three rounds: pglz, lz4'
select sum(length(data ->> 'key')) from with_pglz;
select sum(length(data ->> 'key')) from with_lz4;
select sum(length(data ->> 'key')) from with_pglz;
select sum(length(data ->> 'key')) from with_lz4;
select sum(length(data ->> 'key')) from with_pglz;
select sum(length(data ->> 'key')) from with_lz4;
