{% snapshot orders_snapshot %}
select * from orders
{% endsnapshot %}
