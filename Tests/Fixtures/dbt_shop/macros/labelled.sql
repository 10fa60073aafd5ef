{# Wraps the caller's query and labels each row: used with {% call %}. #}
{% macro labelled(label) -%}
select inner_q.*, '{{ label }}' as label
from (
{{ caller() }}
) as inner_q
{%- endmacro %}
