select 1 as id, 'card' as method, 2 as amount
