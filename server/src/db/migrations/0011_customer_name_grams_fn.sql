-- The one- and two-character pieces of a name, lower-cased: what a name search on part of a
-- Chinese name (张三丰 → 张, 三, 丰, 张三, 三丰) looks up in a GIN index. IMMUTABLE so that it can
-- compute a stored generated column.
CREATE OR REPLACE FUNCTION customer_name_grams(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}'::text[]) FROM (
    SELECT lower(substr(name, i, 1)) AS g FROM generate_series(1, char_length(name)) AS i
    UNION ALL
    SELECT lower(substr(name, i, 2)) FROM generate_series(1, char_length(name) - 1) AS i
  ) AS grams
$$;
