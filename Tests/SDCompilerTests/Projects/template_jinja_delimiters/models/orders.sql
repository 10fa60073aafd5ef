{{ config(materialized='incremental') }}
-- ported from dbt: {{ this }} in a comment is plain SQL
select c.id, '{{ not a tag }}' as note, {'k': {'v': 1}} as s
from {{ ref('customers') }} c
{%- if is_incremental() -%}
where c.id > 0
{%- endif %}
{# a Jinja comment #}
