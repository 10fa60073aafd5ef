<< config(materialized='tabel') >>
select id from << source('crm', 'customers') >>
