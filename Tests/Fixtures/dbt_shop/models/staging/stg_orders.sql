select
    order_id,
    customer_id,
    method,
    {{ shop_utils.cents_to_dollars('amount_cents') }} as amount,
    cast(ordered_at as date) as ordered_at
from {{ ref('raw_orders') }}
