<< config(materialized='table', sql_header='set threads = 1', persist_docs={'relation': true}) >>
select 1 as id
