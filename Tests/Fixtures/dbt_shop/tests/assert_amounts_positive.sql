-- Singular test: no order may have a negative amount.
select order_id from {{ ref('stg_orders') }} where amount < 0
