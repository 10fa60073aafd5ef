<< config(materialized='table', post_hook=[42]) >>
select 1 as id
