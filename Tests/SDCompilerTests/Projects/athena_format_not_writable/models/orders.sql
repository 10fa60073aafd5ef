<< config(materialized='table', table_type='iceberg', format='json') >>
select 1 as id
