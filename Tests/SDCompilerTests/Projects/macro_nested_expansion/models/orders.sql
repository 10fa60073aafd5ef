select id, << cents_to_euros('amount_cents') >> as amount
from << ref('raw_orders') >>
