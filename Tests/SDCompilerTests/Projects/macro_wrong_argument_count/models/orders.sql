select id, << cents_to_euros('amount_cents', 2, 'EUR') >> as amount
from << ref('raw_orders') >>
