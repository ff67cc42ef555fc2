<?xml version="1.0" encoding="UTF-8"?>{% load static %}
<!-- Shows a sitemap to a person: its addresses and dates as a table. Crawlers ignore it. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:s="http://www.sitemaps.org/schemas/sitemap/0.9"
    xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
    exclude-result-prefixes="s news">
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/">
    <html lang="ru">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>Карта сайта</title>
        <link rel="stylesheet" href="{% static 'vestnik/site.css' %}"/>
      </head>
      <body>
        <main class="main sitemap">
          <h1>Карта сайта</h1>
          <p class="sitemap__note">Этот файл читают поисковые системы. Всего адресов: <xsl:value-of select="count(s:urlset/s:url)"/>.</p>
          <table class="sitemap__table">
            <caption>Адреса страниц и даты их изменения</caption>
            <thead><tr><th scope="col">Адрес</th><th scope="col">Дата</th></tr></thead>
            <tbody>
              <xsl:for-each select="s:urlset/s:url">
                <tr>
                  <td>
                    <a href="{s:loc}"><xsl:value-of select="s:loc"/></a>
                    <xsl:if test="news:news/news:title"><br/><xsl:value-of select="news:news/news:title"/></xsl:if>
                  </td>
                  <td>
                    <xsl:variable name="date" select="concat(s:lastmod, news:news/news:publication_date)"/>
                    <xsl:value-of select="substring($date, 1, 10)"/>
                    <xsl:if test="string-length($date) &gt; 10"><xsl:text> </xsl:text><xsl:value-of select="substring($date, 12, 5)"/></xsl:if>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
