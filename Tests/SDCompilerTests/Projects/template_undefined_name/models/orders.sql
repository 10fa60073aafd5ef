<< set currency = 'EUR' >>
select id, '<< curency >>' as currency
from << ref('raw_orders') >>
