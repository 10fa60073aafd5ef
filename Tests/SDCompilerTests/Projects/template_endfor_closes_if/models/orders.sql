<< if true >>
select 1 as id
<< endfor >>
