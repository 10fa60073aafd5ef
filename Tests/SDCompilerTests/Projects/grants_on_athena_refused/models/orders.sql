<< config(materialized='table', grants={'select': ['reporter']}) >>
select 1 as id
