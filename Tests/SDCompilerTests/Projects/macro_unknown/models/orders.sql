select id, << cents_to_euro('amount_cents') >> as amount
from << ref('raw_orders') >>
