<< config(materialized='table', pre_hook='set threads = 1') >>
select 1 as id
