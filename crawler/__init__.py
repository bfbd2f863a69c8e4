"""The crawler: a Scrapy project that finds and archives every 政府信息公开工作年度报告 of a portal registry."""
