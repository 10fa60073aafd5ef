<< config(materialized='table', pre_hook="insert into audit values ('<< this >>')") >>
<< if execute >>
<< set latest = run_query('select max(id) from raw.orders') >>
<< endif >>
select << latest.rows[0][0] if execute else 0 >> as id
