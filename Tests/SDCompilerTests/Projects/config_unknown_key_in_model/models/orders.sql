<< config(materialized='table', uniqe_key='id') >>
select 1 as id
