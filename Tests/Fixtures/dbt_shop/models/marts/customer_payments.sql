{%- set methods = var('payment_methods') -%}
{% call labelled('by method') %}
select
    c.customer_id,
    c.name,
    {%- for m in methods %}
    sum(case when o.method = '{{ m }}' then o.amount else 0 end) as {{ m }}_amount
    {{- ',' if not loop.last }}
    {%- endfor %}
from {{ ref('stg_customers') }} as c
join {{ ref('stg_orders') }} as o on o.customer_id = c.customer_id
group by c.customer_id, c.name
{% endcall %}
