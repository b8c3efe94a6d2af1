DROP TABLE product_tags;
DROP TABLE tags;
