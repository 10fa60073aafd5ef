<< config(materialized='incremental', unique_key='id', incremental_strategy='merge') >>
select 1 as id
